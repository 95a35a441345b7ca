package io.github.multiprocessing4j.examples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code submit} returns at once: "total time" is about 0 s, and the tasks finish later, the shortest
 * first (f(4) sleeps 6 s, f(1) 9 s). Python's {@code ThreadPoolExecutor} is the JDK's thread pool.
 *
 * <pre>
 * executor = concurrent.futures.ThreadPoolExecutor(max_workers=4)
 *
 * def f(x):
 *     time.sleep(10-x)
 *     print('f(',x,') completed')
 *     return x
 *
 * start =  time.time()
 * a =  executor.submit(f, 1)
 * b =  executor.submit(f, 2)
 * c =  executor.submit(f, 3)
 * d =  executor.submit(f, 4)
 * print(f"total time {time.time()-start}")
 * </pre>
 */
public final class FuturesSubmitSample {
    private FuturesSubmitSample() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(10 - x);
        System.out.println("f( " + x + " ) completed");
        return x;
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);

        long start = System.nanoTime();
        Future<Integer> a = executor.submit(() -> f(1));
        Future<Integer> b = executor.submit(() -> f(2));
        Future<Integer> c = executor.submit(() -> f(3));
        Future<Integer> d = executor.submit(() -> f(4));
        System.out.println("total time " + (System.nanoTime() - start) / 1e9);

        // The notebook's kernel lives on and shows the tasks' lines as they come; a program must wait for
        // them before it ends (and the pool's threads, not daemons, would keep the JVM alive anyway).
        executor.shutdown();
        executor.awaitTermination(1, TimeUnit.DAYS);
    }
}
