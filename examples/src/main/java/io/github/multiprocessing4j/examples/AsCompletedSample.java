package io.github.multiprocessing4j.examples;

import static io.github.multiprocessing4j.examples.FuturesIterationSample.f;

import io.github.multiprocessing4j.Futures;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@link Futures#asCompleted} yields the futures as they finish, so the same tasks as
 * {@link FuturesIterationSample} (whose {@code f} this is, as in the notebook) print 4 3 2 1. It takes
 * the JDK's futures as they are: Python's {@code ThreadPoolExecutor} is the JDK's, its
 * {@code as_completed} is ours.
 *
 * <pre>
 * start = time.time()
 * with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
 *     result_futures = list(map(lambda x : executor.submit(f,x), iterable))  # submit return Future
 *     for future in concurrent.futures.as_completed(result_futures):
 *         print(future.result())
 * print(f"total time {time.time()-start}")
 * </pre>
 */
public final class AsCompletedSample {
    private AsCompletedSample() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        List<Integer> iterable = List.of(1, 2, 3, 4);

        long start = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> resultFutures = iterable.stream().map(x -> executor.submit(() -> f(x))).toList();
            for (Future<Integer> future : Futures.asCompleted(resultFutures)) {
                System.out.println(future.get());
            }
        } finally {
            // The end of Python's with-block, shutdown(wait=True); ExecutorService is AutoCloseable only from Java 19.
            executor.shutdown();
            executor.awaitTermination(1, TimeUnit.DAYS);
        }
        System.out.println("total time " + (System.nanoTime() - start) / 1e9);
    }
}
