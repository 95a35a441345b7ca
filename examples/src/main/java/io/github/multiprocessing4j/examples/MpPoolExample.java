package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.Pool;
import io.github.multiprocessing4j.ProcessPool;
import java.util.List;

/**
 * The seed's {@code mppool_example.py}: five worker processes map {@code f} over five numbers, 2 s
 * each, so the map takes about 2 s (plus the workers' start-up) instead of 10.
 *
 * <pre>
 * iterable = [1,2,3,4,5]
 *
 * def f(x):
 *     time.sleep(2)
 *     return x*x
 *
 * start = time.time()
 * with Pool(5) as pool:
 *     print(pool.map(f, iterable))  # pool.map return the list of return values
 * print("Elapsed time: ", time.time() - start)
 * </pre>
 */
public final class MpPoolExample {
    static final List<Integer> ITERABLE = List.of(1, 2, 3, 4, 5);

    private MpPoolExample() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(2);
        return x * x;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        // Python's "with Pool(5)" calls terminate() on leaving; close() here is shutdown() + join(),
        // which waits for queued work. Both are the same here: map() has returned every result already.
        try (Pool pool = new ProcessPool(5)) {
            List<Integer> results = pool.map(MpPoolExample::f, ITERABLE); // map returns the list of return values
            System.out.println(results);
        }
        System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);
    }
}
