package io.github.multiprocessing4j.examples;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Waiting on the futures in the order they were submitted prints 1 2 3 4: f(1), the longest, holds back
 * the results that were ready before it. The four tasks overlap, so the total is about 9 s, not 30.
 *
 * <pre>
 * iterable = [1,2,3,4]
 * def f(x):
 *     time.sleep(10-x)
 *     return x
 *
 * start = time.time()
 * with concurrent.futures.ThreadPoolExecutor(max_workers=4) as executor:
 *     result_futures = list(map(lambda x : executor.submit(f,x), iterable))  # submit return Future
 *     for future in result_futures:
 *         print(future.result())
 * print(f"total time {time.time()-start}")
 * </pre>
 */
public final class FuturesIterationSample {
    private FuturesIterationSample() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(10 - x);
        return x;
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        List<Integer> iterable = List.of(1, 2, 3, 4);

        long start = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> resultFutures = iterable.stream().map(x -> executor.submit(() -> f(x))).toList();
            for (Future<Integer> future : resultFutures) {
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
