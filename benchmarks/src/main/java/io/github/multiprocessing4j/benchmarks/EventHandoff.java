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
 * {@code await()} in a child JVM that was asleep (not spinning), measured with the machine-wide monotonic
 * clock both JVMs read through {@code System.nanoTime()}. Reports p50 in µs, p99 as an extra field.
 */
final class EventHandoff implements Workload {
    private static final int ROUNDS = 2000;

    @Override
    public String name() {
        return "event_handoff";
    }

    @Override
    public void run() throws Exception {
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
            LockSupport.parkNanos(300_000); // pacing, so the child has gone from spinning to sleeping
            stamp.set(System.nanoTime());
            go.set();
            done.await();
            done.clear();
        }
        child.join();
        long[] l = latency.toArray();
        Arrays.sort(l);
        Bench.report(name(), l[ROUNDS / 2] / 1e3, "us", "n", ROUNDS, "p99_us", l[ROUNDS * 99 / 100] / 1e3,
                "note", "Event.set -> await returns in another JVM whose waiter was asleep");
    }
}
