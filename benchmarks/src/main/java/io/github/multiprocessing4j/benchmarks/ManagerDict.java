package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.DictProxy;
import io.github.multiprocessing4j.ipc.Manager;

/**
 * {@code manager_dict}: a child JVM does 20,000 {@code d.put(i, i)} into a manager dict; the time
 * includes the child's start, as Python's does. Each put is a full round trip (its previous value comes
 * back).
 */
final class ManagerDict implements Workload {
    private static final int N = 20_000;

    @Override
    public String name() {
        return "manager_dict";
    }

    @Override
    public void run() {
        try (Manager m = Manager.start()) {
            DictProxy<Integer, Integer> d = m.dict();
            JvmProcess p = new JvmProcess(() -> fill(d, N));
            long t = System.nanoTime();
            p.start();
            p.join();
            double seconds = (System.nanoTime() - t) / 1e9;
            if (d.size() != N) {
                throw new IllegalStateException("manager dict has " + d.size() + " entries, expected " + N);
            }
            Bench.report(name(), N / seconds, "ops/s", "n", N, "note", "includes 1 process start");
        }
    }

    private static void fill(DictProxy<Integer, Integer> d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, i);
        }
    }
}
