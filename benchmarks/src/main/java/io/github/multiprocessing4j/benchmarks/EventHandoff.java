package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Event;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedLong;
import io.github.multiprocessing4j.ipc.SharedLongArray;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code event_handoff} (ours only): latency from {@code Event.set()} in this JVM to the return of
 * {@code await()} in a child JVM whose waiter was asleep (not spinning), measured with the machine-wide
 * monotonic clock both JVMs read through {@code System.nanoTime()}. The value is the p50 in µs when this
 * JVM parks between rounds; extra fields give p99, and p50/p99 when it busy-waits between rounds (its CPU
 * stays awake, and the scheduler does not place the woken child on it).
 */
final class EventHandoff implements Workload {
    private static final int ROUNDS = 2000;
    private static final long PACE_NANOS = 300_000; // long past the waiter's 5 µs spin: it sleeps

    @Override
    public String name() {
        return "event_handoff";
    }

    @Override
    public void run() throws Exception {
        long[] parked = measure(false);
        long[] busy = measure(true);
        Bench.report(name(), parked[ROUNDS / 2] / 1e3, "us", "n", ROUNDS, "p99_us", parked[ROUNDS * 99 / 100] / 1e3,
                "busy_producer_p50_us", busy[ROUNDS / 2] / 1e3, "busy_producer_p99_us", busy[ROUNDS * 99 / 100] / 1e3,
                "note", "Event.set -> await returns in another JVM whose waiter was asleep");
    }

    private static long[] measure(boolean busyPacing) throws InterruptedException {
        Event go = Ipc.event();
        Event done = Ipc.event();
        SharedLong stamp = Ipc.rawValue(0L);
        SharedLongArray latency = Ipc.rawLongArray(ROUNDS);
        JvmProcess child = new JvmProcess(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    go.await();
                    latency.set(i, System.nanoTime() - stamp.get());
                    go.clear();
                    done.set();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        for (int i = 0; i < ROUNDS; i++) {
            if (busyPacing) {
                long until = System.nanoTime() + PACE_NANOS;
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            } else {
                LockSupport.parkNanos(PACE_NANOS);
            }
            stamp.set(System.nanoTime());
            go.set();
            done.await();
            done.clear();
        }
        child.join();
        long[] l = latency.toArray();
        Arrays.sort(l);
        return l;
    }
}
