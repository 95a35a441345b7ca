package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Held;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedLong;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker processes counting into shared counters two ways, both exact: a compound update
 * ({@code counter.value += 1}) under the value's own lock, as Python's {@code with counter.get_lock():},
 * and a lock-free {@code incrementAndGet}, which Python's {@code Value} does not have.
 *
 * <pre>
 * def work(locked, n):
 *     for _ in range(n):
 *         with locked.get_lock():
 *             locked.value += 1
 * </pre>
 */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
public final class SharedCounter {
    static final int WORKERS = 2;
    static final int INCREMENTS = 100_000;

    private SharedCounter() {
    }

    static void countUnderLock(SharedLong counter, int n) {
        for (int i = 0; i < n; i++) {
            try (Held held = counter.getLock().hold()) {
                counter.set(counter.get() + 1);
            }
        }
    }

    static void countAtomically(SharedLong counter, int n) {
        for (int i = 0; i < n; i++) {
            counter.incrementAndGet();
        }
    }

    public static void main(String[] args) {
        SharedLong locked = Ipc.value(0L);
        SharedLong atomic = Ipc.rawValue(0L);

        List<JvmProcess> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(new JvmProcess(() -> {
                countUnderLock(locked, INCREMENTS);
                countAtomically(atomic, INCREMENTS);
            }));
        }
        workers.forEach(JvmProcess::start);
        workers.forEach(JvmProcess::join);

        System.out.println("expected:       " + WORKERS * INCREMENTS);
        System.out.println("under the lock: " + locked.get());
        System.out.println("atomic:         " + atomic.get());
    }
}
