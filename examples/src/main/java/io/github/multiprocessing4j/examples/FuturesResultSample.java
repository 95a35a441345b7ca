package io.github.multiprocessing4j.examples;

import static io.github.multiprocessing4j.examples.FuturesSubmitSample.f;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code result()} ({@link Future#get()}) blocks until its task is done: "total time" is about 6 s,
 * printed after f(4) and before the longer tasks finish. {@code f} is the previous cell's
 * ({@link FuturesSubmitSample}), as in the notebook.
 *
 * <pre>
 * executor = concurrent.futures.ThreadPoolExecutor(max_workers=4)
 *
 * start =  time.time()
 * a =  executor.submit(f, 1)
 * b =  executor.submit(f, 2)
 * c =  executor.submit(f, 3)
 * d =  executor.submit(f, 4)
 *
 * print("f(4) result is ", d.result())
 * print(f"total time {time.time()-start}")
 * </pre>
 */
public final class FuturesResultSample {
    private FuturesResultSample() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(4);

        long start = System.nanoTime();
        Future<Integer> a = executor.submit(() -> f(1));
        Future<Integer> b = executor.submit(() -> f(2));
        Future<Integer> c = executor.submit(() -> f(3));
        Future<Integer> d = executor.submit(() -> f(4));

        System.out.println("f(4) result is  " + d.get());
        System.out.println("total time " + (System.nanoTime() - start) / 1e9);

        // As in FuturesSubmitSample: a program, unlike the notebook's kernel, waits for the other tasks.
        executor.shutdown();
        executor.awaitTermination(1, TimeUnit.DAYS);
    }
}
