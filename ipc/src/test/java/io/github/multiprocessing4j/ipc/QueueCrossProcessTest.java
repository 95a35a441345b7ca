package io.github.multiprocessing4j.ipc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Queues used by several real JVMs at once. */
class QueueCrossProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int STOP = -1;

    /** What a consumer JVM saw: the items as a bitset, and how many it took. */
    record Seen(long[] bits, int count) {
    }

    @Test
    void threeProducersAndThreeConsumersMoveAMillionItemsEachExactlyOnce() throws Exception {
        int producers = 3;
        int consumers = 3;
        int total = 1_000_000;
        try (SharedQueue<Integer> q = Ipc.queue(); SharedQueue<Seen> results = Ipc.queue()) {
            List<JvmProcess> ps = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                ps.add(new JvmProcess(() -> consume(q, results)).start());
            }
            List<JvmProcess> producing = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int from = p * total / producers;
                int to = (p + 1) * total / producers;
                producing.add(new JvmProcess(() -> produce(q, from, to)).start());
            }
            for (JvmProcess p : producing) {
                assertTrue(p.join(WAIT), "producer still running");
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
            for (int c = 0; c < consumers; c++) {
                q.put(STOP);
            }
            BitSet all = new BitSet(total);
            int taken = 0;
            for (int c = 0; c < consumers; c++) {
                Seen s = results.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(s != null, "a consumer did not report");
                BitSet b = BitSet.valueOf(s.bits());
                assertEquals(s.count(), b.cardinality(), "a consumer took an item twice");
                assertFalse(all.intersects(b), "two consumers took the same item");
                all.or(b);
                taken += s.count();
            }
            assertEquals(total, taken);
            assertEquals(total, all.cardinality());
            for (JvmProcess p : ps) {
                assertTrue(p.join(WAIT));
                assertEquals(OptionalInt.of(0), p.exitCode());
            }
            assertTrue(q.isEmpty());
        }
    }

    private static void produce(SharedQueue<Integer> q, int from, int to) {
        try {
            for (int i = from; i < to; i++) {
                q.put(i);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void consume(SharedQueue<Integer> q, SharedQueue<Seen> results) {
        try {
            BitSet seen = new BitSet();
            int count = 0;
            while (true) {
                int v = q.take();
                if (v == STOP) {
                    break;
                }
                seen.set(v);
                count++;
            }
            results.put(new Seen(seen.toLongArray(), count));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a64MiBItemArrivesIntactAfterItsProducerWasJoined() throws Exception {
        int size = 64 << 20;
        try (SharedQueue<byte[]> q = Ipc.queue()) {
            JvmProcess p = new JvmProcess(() -> {
                try {
                    q.put(BlockingQueueContract.pattern(size));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            // CPython gh-73983: joining a process before taking its big item deadlocks there
            assertTrue(p.join(WAIT), "the producer of a big item could not exit before the item was taken");
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertEquals(1, q.size());
            assertArrayEquals(BlockingQueueContract.pattern(size), q.take());
        }
    }

    @Test
    void aConsumerKilledMidStreamLosesNothingForTheOthers() throws Exception {
        int n = 10_000;
        try (SharedQueue<Integer> q = Ipc.queue(); SharedQueue<Integer> reported = Ipc.queue()) {
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            JvmProcess victim = new JvmProcess(() -> {
                try {
                    for (int k = 0; ; k++) {
                        reported.put(q.take());
                        if (k % 50 == 0) {
                            Thread.sleep(1);
                        }
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            await().atMost(WAIT).until(() -> reported.size() >= 200);
            victim.kill();
            assertTrue(victim.join(WAIT));
            List<Integer> byVictim = new ArrayList<>();
            reported.drainTo(byVictim);
            int c = byVictim.size();
            for (int i = 0; i < c; i++) {
                assertEquals(i, byVictim.get(i));
            }
            List<Integer> rest = new ArrayList<>();
            q.drainTo(rest);
            assertFalse(rest.isEmpty(), "the victim was killed after it had taken everything");
            int first = rest.get(0);
            // The victim may have been killed between its take and its report: that one item is its.
            assertTrue(first == c || first == c + 1, "first remaining item " + first + " after " + c + " reported");
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(first + i, rest.get(i), "remaining items must be every item after the victim's");
            }
            assertEquals(n - 1, rest.get(rest.size() - 1));
        }
    }

    @Test
    void putWaitsWhileABoundedQueueIsFullAcrossProcesses() throws Exception {
        try (SharedQueue<Integer> q = Ipc.queue(2); SharedQueue<String> progress = Ipc.queue()) {
            JvmProcess p = new JvmProcess(() -> {
                try {
                    q.put(0);
                    q.put(1);
                    progress.put("full");
                    progress.put(q.offer(99, 100, TimeUnit.MILLISECONDS) ? "offer into a full queue succeeded" : "offer timed out");
                    for (int i = 2; i < 5; i++) {
                        q.put(i);
                    }
                    progress.put("all put");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            assertEquals("full", progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("offer timed out", progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(2, q.size());
            assertEquals(0, q.remainingCapacity());
            assertTrue(progress.poll(200, TimeUnit.MILLISECONDS) == null, "put into a full queue did not wait");
            for (int i = 0; i < 5; i++) {
                assertEquals(i, q.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals("all put", progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(p.join(WAIT));
            assertEquals(OptionalInt.of(0), p.exitCode());
        }
    }

    @Test
    void workersMarkTasksDoneAndJoinReturnsThenCloseEndsTheirTakes() throws Exception {
        try (JoinableQueue<Integer> q = Ipc.joinableQueue(); SharedQueue<Integer> squares = Ipc.queue()) {
            List<JvmProcess> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(new JvmProcess(() -> {
                    try {
                        while (true) {
                            int v = q.take();
                            squares.put(v * v);
                            q.taskDone();
                        }
                    } catch (ClosedException e) {
                        System.out.println("worker done: " + e.getMessage());
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }).start());
            }
            for (int i = 1; i <= 100; i++) {
                q.put(i);
            }
            assertTrue(q.join(WAIT), "join did not return; unfinished " + q.unfinishedTasks());
            assertEquals(0, q.unfinishedTasks());
            assertEquals(100, squares.size(), "join returned before every task's result was put");
            long sum = 0;
            for (int i = 0; i < 100; i++) {
                sum += squares.take();
            }
            assertEquals(338_350, sum);
            q.close(); // the creator's close: the workers' takes end with ClosedException
            for (JvmProcess w : workers) {
                assertTrue(w.join(WAIT), "a worker still waits on a closed queue");
                assertEquals(OptionalInt.of(0), w.exitCode());
            }
        }
    }
}
