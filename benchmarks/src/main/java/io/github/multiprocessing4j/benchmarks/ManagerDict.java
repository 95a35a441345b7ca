package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.DictProxy;
import io.github.multiprocessing4j.ipc.Manager;

/**
 * {@code manager_dict}: a child JVM does 20,000 {@code d.put(i, i)} into a manager dict; the time
 * includes the child's start, as Python's does. Python's {@code d[i] = i} returns nothing, so the port is
 * {@link DictProxy#set}: pipelined, applied in order, all applied before the child's exit completes
 * (the parent then checks the size). {@code -Dmp4j.bench.managerPut=true} measures {@code put} instead,
 * a full round trip per call.
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
            boolean put = PUT;
            JvmProcess p = new JvmProcess(() -> fill(d, N, put));
            long t = System.nanoTime();
            p.start();
            p.join();
            double seconds = (System.nanoTime() - t) / 1e9;
            if (d.size() != N) {
                throw new IllegalStateException("manager dict has " + d.size() + " entries, expected " + N);
            }
            Bench.report(name(), N / seconds, "ops/s", "n", N, "note", "includes 1 process start; " + (put ? "d.put, a round trip each" : "d.set, pipelined"));
        }
    }

    private static final boolean PUT = Boolean.getBoolean("mp4j.bench.managerPut");

    private static void fill(DictProxy<Integer, Integer> d, int n, boolean put) {
        if (put) {
            for (int i = 0; i < n; i++) {
                d.put(i, i);
            }
        } else {
            for (int i = 0; i < n; i++) {
                d.set(i, i);
            }
        }
    }
}
