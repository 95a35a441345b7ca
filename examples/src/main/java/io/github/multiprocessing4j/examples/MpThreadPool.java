package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.Pool;
import io.github.multiprocessing4j.ThreadPool;
import java.util.List;

/**
 * The seed's {@code mpthreadpool.py}: {@link MpPoolExample} on five threads instead of five processes
 * ({@code multiprocessing.pool.ThreadPool}, the same {@link Pool} interface).
 *
 * <pre>
 * start = time.time()
 * with ThreadPool(5) as p:
 *     results = p.map(f, iterable)
 *     print(results)
 * print("Elapsed time: ", time.time() - start)
 * </pre>
 */
public final class MpThreadPool {
    static final List<Integer> ITERABLE = List.of(1, 2, 3, 4, 5);

    private MpThreadPool() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(2);
        return x * x;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        // Python's "with ThreadPool(5)" calls terminate() on leaving; close() here is shutdown() + join(),
        // which waits for queued work. Both are the same here: map() has returned every result already.
        try (Pool p = new ThreadPool(5)) {
            List<Integer> results = p.map(MpThreadPool::f, ITERABLE);
            System.out.println(results);
        }
        System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);
    }
}
