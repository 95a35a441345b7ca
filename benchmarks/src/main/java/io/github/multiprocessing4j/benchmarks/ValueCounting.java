package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Held;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedLong;
import io.github.multiprocessing4j.ipc.SharedLongArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;

/**
 * {@code value_lock} (Python's workload: 2 processes each doing 100k {@code with v.get_lock(): v.value += 1})
 * and {@code value_atomic} (the same with {@code incrementAndGet}, no lock). Time includes both process
 * starts, which run concurrently as Python's non-blocking {@code start()} lets them.
 */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
final class ValueCounting implements Workload {
    private static final int N = 100_000;
    private final boolean locked;

    private ValueCounting(boolean locked) {
        this.locked = locked;
    }

    static ValueCounting underLock() {
        return new ValueCounting(true);
    }

    static ValueCounting atomic() {
        return new ValueCounting(false);
    }

    @Override
    public String name() {
        return locked ? "value_lock" : "value_atomic";
    }

    @Override
    public void run() {
        SharedLong v = Ipc.value(0L);
        SharedLongArray rssKb = Ipc.rawLongArray(2);
        SharedLongArray span = Ipc.rawLongArray(4); // start and end nanoTime of each worker's loop
        boolean lock = locked;
        JvmProcess[] ps = new JvmProcess[2];
        for (int i = 0; i < 2; i++) {
            int worker = i;
            ps[i] = new JvmProcess(() -> {
                span.set(2 * worker, System.nanoTime());
                if (lock) {
                    for (int k = 0; k < N; k++) {
                        try (Held held = v.getLock().hold()) {
                            v.set(v.get() + 1);
                        }
                    }
                } else {
                    for (int k = 0; k < N; k++) {
                        v.incrementAndGet();
                    }
                }
                span.set(2 * worker + 1, System.nanoTime());
                rssKb.set(worker, rssKb());
            });
        }
        long t = System.nanoTime();
        CompletableFuture<?> second = CompletableFuture.runAsync(ps[1]::start);
        ps[0].start();
        second.join();
        for (JvmProcess p : ps) {
            p.join();
        }
        double dt = (System.nanoTime() - t) / 1e9;
        if (v.get() != 2L * N) {
            throw new AssertionError(name() + ": counted " + v.get() + ", expected " + 2 * N);
        }
        // System.nanoTime() is CLOCK_MONOTONIC, one clock for every process of the machine
        double loops = (Math.max(span.get(1), span.get(3)) - Math.min(span.get(0), span.get(2))) / 1e9;
        Bench.report(name(), 2 * N / dt, "ops/s", "n", N, "loops_only_ops_s", Math.round(2 * N / loops),
                "worker_rss_mib", Math.round(Math.max(rssKb.get(0), rssKb.get(1)) / 102.4) / 10.0,
                "note", "includes 2 process starts (concurrent)" + (locked ? "" : "; incrementAndGet, no lock"));
    }

    /** This process's resident set in KiB, from /proc (0 where there is none). */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
