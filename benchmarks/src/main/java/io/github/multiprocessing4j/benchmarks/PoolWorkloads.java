package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.ProcessPool;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The {@code multiprocessing.Pool} workloads of {@code mp_bench.py}, on {@link ProcessPool}. */
final class PoolWorkloads {
    private PoolWorkloads() {
    }

    static int square(int x) {
        return x * x;
    }

    static long burn(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * i % 7;
        }
        return s;
    }

    static double[] doubleAll(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i] * 2.0;
        }
        return out;
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    static Workload named(String name, ThrowingRunnable body) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run() throws Exception {
                body.run();
            }
        };
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * {@code pool_startup}: Pool(2) made, one map of two items, then terminated, as Python's
     * {@code with Pool(2) as p:} block does on exit (our {@code close()} would wait for a graceful exit).
     */
    static final Workload POOL_STARTUP = named("pool_startup", () -> {
        long t = System.nanoTime();
        ProcessPool p = new ProcessPool(2);
        try {
            p.map(PoolWorkloads::square, List.of(0, 1), 1);
        } finally {
            p.terminate();
        }
        Bench.report("pool_startup", (System.nanoTime() - t) / 1e6, "ms");
    });

    /** {@code map_small}: 200,000 squares with the automatic chunk size. */
    static final Workload MAP_SMALL = named("map_small", () -> {
        int n = 200_000;
        List<Integer> items = range(n);
        try (ProcessPool p = new ProcessPool(2)) {
            p.map(PoolWorkloads::square, List.of(0, 1));
            long t = System.nanoTime();
            List<Integer> r = p.map(PoolWorkloads::square, items);
            double dt = (System.nanoTime() - t) / 1e9;
            check(r.get(n - 1) == (n - 1) * (n - 1), "wrong result");
            Bench.report("map_small", n / dt, "tasks/s", "n", n);
        }
    });

    /** {@code map_chunk1}: 20,000 squares, one per task. */
    static final Workload MAP_CHUNK1 = named("map_chunk1", () -> {
        int n = 20_000;
        List<Integer> items = range(n);
        try (ProcessPool p = new ProcessPool(2)) {
            p.map(PoolWorkloads::square, List.of(0, 1));
            long t = System.nanoTime();
            p.map(PoolWorkloads::square, items, 1);
            double dt = (System.nanoTime() - t) / 1e9;
            Bench.report("map_chunk1", n / dt, "tasks/s", "n", n);
        }
    });

    /** {@code apply_latency}: 2,000 sequential applies on a pool of one. */
    static final Workload APPLY_LATENCY = named("apply_latency", () -> {
        int n = 2000;
        try (ProcessPool p = new ProcessPool(1)) {
            p.apply(() -> square(1));
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int x = i;
                p.apply(() -> square(x));
            }
            double dt = (System.nanoTime() - t) / 1e3;
            Bench.report("apply_latency", dt / n, "us", "n", n);
        }
    });

    /**
     * {@code cpu_speedup}: 8 CPU-bound tasks serially here, then on 2 workers. The loop is Python's, but
     * n is 100x Python's 2,000,000 so that each task takes about as long as Python's does (a JIT-compiled
     * loop is ~100x faster); with Python's n the tasks last 2 ms and start-up noise would be measured.
     */
    static final Workload CPU_SPEEDUP = named("cpu_speedup", () -> {
        int tasks = 8;
        long n = 200_000_000L;
        burn(n); // let the JIT compile the loop here too, as the workers will
        long t = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            burn(n);
        }
        double serial = (System.nanoTime() - t) / 1e9;
        List<Long> work = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            work.add(n);
        }
        try (ProcessPool p = new ProcessPool(2)) {
            p.map(PoolWorkloads::burn, List.of(n, n), 1); // warm both workers' JIT as the serial run was
            t = System.nanoTime();
            p.map(PoolWorkloads::burn, work, 1);
            double par = (System.nanoTime() - t) / 1e9;
            Bench.report("cpu_speedup", serial / par, "x", "workers", 2, "n", n);
        }
    });

    /** {@code map_payload}: 200 tasks of 100,000 doubles each way. */
    static final Workload MAP_PAYLOAD = named("map_payload", () -> {
        int n = 200;
        int size = 100_000;
        List<double[]> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] d = new double[size];
            java.util.Arrays.fill(d, i);
            data.add(d);
        }
        try (ProcessPool p = new ProcessPool(2)) {
            p.map(PoolWorkloads::square, List.of(0, 1));
            long t = System.nanoTime();
            List<double[]> r = p.map(PoolWorkloads::doubleAll, data, 1);
            double dt = (System.nanoTime() - t) / 1e9;
            check(r.size() == n && r.get(n - 1)[0] == 2.0 * (n - 1), "wrong result");
            Bench.report("map_payload", (double) n * size * 8 * 2 / dt / 1e6, "MB/s", "n", n, "size", size,
                    "note", "double[] of 100k values each way per task");
        }
    });

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
