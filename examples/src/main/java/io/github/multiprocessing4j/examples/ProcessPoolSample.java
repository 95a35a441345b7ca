package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.Futures;
import io.github.multiprocessing4j.ProcessPoolExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * {@link AsCompletedSample} on worker JVMs: only the executor changes, and the results still come 4 3 2 1.
 *
 * <pre>
 * iterable = [1,2,3,4]
 *
 * def f(x):
 *     time.sleep(10-x)
 *     return x
 *
 * def main():
 *     start = time.time()
 *     with concurrent.futures.ProcessPoolExecutor(max_workers=4) as executor:
 *         result_futures = list(map(lambda x : executor.submit(f,x), iterable))  # submit return Future
 *         for future in concurrent.futures.as_completed(result_futures):
 *             print(future.result())
 *     print(f"total time {time.time()-start}")
 * </pre>
 */
public final class ProcessPoolSample {
    private ProcessPoolSample() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(10 - x);
        return x;
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        List<Integer> iterable = List.of(1, 2, 3, 4);

        long start = System.nanoTime();
        // f runs in the workers, which do not inherit this JVM's system properties: pass on the time scale.
        try (ProcessPoolExecutor executor = new ProcessPoolExecutor(4)) {
            List<CompletableFuture<Integer>> resultFutures = iterable.stream()
                    .map(x -> executor.submit(() -> f(x))).toList();
            for (Future<Integer> future : Futures.asCompleted(resultFutures)) {
                System.out.println(future.get());
            }
        }
        System.out.println("total time " + (System.nanoTime() - start) / 1e9);
    }
}
