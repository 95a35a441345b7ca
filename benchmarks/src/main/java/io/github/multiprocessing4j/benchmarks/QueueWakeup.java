package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedQueue;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code queue_wakeup} (not in {@code mp_bench.py}): how long after a {@code put} in a child JVM a
 * {@code take} that was asleep in the parent returns. The child puts its {@code System.nanoTime()} (one
 * monotonic clock for every process of the machine) every 2 ms, long past the taker's spin phase, so each
 * take sleeps first. Reports p50 in microseconds, p99 as an extra field.
 */
final class QueueWakeup implements Workload {
    @Override
    public String name() {
        return "queue_wakeup";
    }

    @Override
    public void run() throws Exception {
        int n = 1000;
        try (SharedQueue<Long> q = Ipc.queue()) {
            JvmProcess p = new JvmProcess(() -> stamps(q, n)).start();
            double[] us = new double[n];
            for (int i = 0; i < n; i++) {
                long sent = q.take();
                us[i] = (System.nanoTime() - sent) / 1e3;
            }
            p.join();
            Arrays.sort(us);
            Bench.report(name(), us[n / 2], "us", "n", n, "p99_us", Math.round(us[n * 99 / 100] * 10) / 10.0,
                    "note", "take asleep in the parent, put in a child every 2 ms; p50");
        }
    }

    private static void stamps(SharedQueue<Long> q, int n) {
        try {
            for (int i = 0; i < n; i++) {
                LockSupport.parkNanos(2_000_000);
                q.put(System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
