package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.SerializableRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Exact totals when two JVMs update the same memory: atomics alone, and compound updates under getLock(). */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
class SharedCountingAcrossJvmsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    private static void runInTwoJvms(SerializableRunnable task) {
        List<JvmProcess> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new JvmProcess(task).start());
        }
        for (JvmProcess p : ps) {
            assertTrue(p.join(LIMIT), "worker still running after " + LIMIT);
            assertEquals(OptionalInt.of(0), p.exitCode(), "worker failed; its stderr is above");
        }
    }

    @Test
    void twoJvmsDoingAMillionIncrementAndGetEachCountExactly() {
        SharedLong counter = Ipc.value(0L);
        SharedInt small = Ipc.rawValue(0);
        SharedLongArray cells = Ipc.rawLongArray(3);
        int n = 1_000_000;
        runInTwoJvms(() -> {
            for (int i = 0; i < n; i++) {
                counter.incrementAndGet();
                cells.incrementAndGet(i % 3);
            }
            for (int i = 0; i < 1000; i++) {
                small.getAndAdd(2);
            }
        });
        assertEquals(2L * n, counter.get());
        assertEquals(4000, small.get());
        assertEquals(2L * n, cells.get(0) + cells.get(1) + cells.get(2));
    }

    @Test
    void twoJvmsIncrementingUnderGetLockCountExactly() {
        SharedLong counter = Ipc.value(0L);
        SharedDouble sum = Ipc.value(0.0);
        SharedIntArray pair = Ipc.intArray(2);
        int n = 200_000;
        runInTwoJvms(() -> {
            for (int i = 0; i < n; i++) {
                try (Held held = counter.getLock().hold()) {
                    counter.set(counter.get() + 1);
                }
            }
            for (int i = 0; i < 20_000; i++) {
                try (Held held = sum.getLock().hold()) {
                    sum.set(sum.get() + 0.5);
                }
                try (Held held = pair.getLock().hold()) { // both elements move together under the lock
                    pair.set(0, pair.get(0) + 1);
                    pair.set(1, pair.get(1) - 1);
                }
            }
        });
        assertEquals(2L * n, counter.get());
        assertEquals(20_000.0, sum.get());
        assertEquals("[40000, -40000]", pair.toString());
    }

    @Test
    void threadsOfSeveralJvmsSleepingOnOneLockLoseNoWakeUp() throws Exception {
        Lock lock = Ipc.lock();
        SharedLong counter = Ipc.rawValue(0L);
        int perThread = 20_000;
        SerializableRunnable threeThreads = () -> {
            Thread[] ts = new Thread[3];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (Held held = lock.hold()) {
                            counter.set(counter.get() + 1); // not atomic: only the lock makes it exact
                            if (i % 1000 == 0) {
                                Thread.yield(); // hold the lock across a reschedule now and then, so others sleep
                            }
                        }
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        };
        List<JvmProcess> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new JvmProcess(threeThreads).start());
        }
        threeThreads.run();
        for (JvmProcess p : ps) {
            assertTrue(p.join(LIMIT), "worker still running after " + LIMIT);
            assertEquals(OptionalInt.of(0), p.exitCode());
        }
        assertEquals(9L * perThread, counter.get());
    }

    @Test
    void everySleepingThreadOfAnotherJvmIsWokenForItsOwnEvent() throws Exception {
        int threads = 4;
        int rounds = 100;
        Event[] go = new Event[threads];
        for (int t = 0; t < threads; t++) {
            go[t] = Ipc.event();
        }
        Semaphore acks = Ipc.semaphore(0);
        SharedLong late = Ipc.rawValue(0L);
        JvmProcess child = new JvmProcess(() -> {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                Event mine = go[t];
                ts[t] = new Thread(() -> {
                    try {
                        for (int r = 0; r < rounds; r++) {
                            if (!mine.await(Duration.ofSeconds(30))) {
                                late.incrementAndGet();
                            }
                            mine.clear();
                            acks.release();
                        }
                    } catch (InterruptedException e) {
                        late.incrementAndGet();
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }).start();
        // One event at a time, in a shuffled order: the child's reader thread must pass each ring on to the
        // thread that owns the event. A lost ring costs that thread its 100 ms periodic re-check: the 300 wake-ups
        // of non-reader threads then take ~20 s (checked by sabotage); the normal run takes well under one.
        long t0 = System.nanoTime();
        java.util.Random random = new java.util.Random(42);
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, threads).boxed().toList());
        for (int r = 0; r < rounds; r++) {
            java.util.Collections.shuffle(order, random); // each thread's event once per round
            for (int k : order) {
                go[k].set();
                assertTrue(acks.acquire(Duration.ofSeconds(30)), "no ack in round " + r + " for thread " + k);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(child.join(LIMIT));
        assertEquals(OptionalInt.of(0), child.exitCode());
        assertEquals(0, late.get());
        assertTrue(seconds < 10, "400 wake-ups took " + seconds + " s: rings are not reaching their sleepers");
    }

    @Test
    void doubleAtomicsAddExactlyAcrossJvms() {
        SharedDouble d = Ipc.rawValue(0.0);
        runInTwoJvms(() -> {
            for (int i = 0; i < 100_000; i++) {
                d.getAndAdd(0.25);
            }
        });
        assertEquals(50_000.0, d.get());
    }
}
