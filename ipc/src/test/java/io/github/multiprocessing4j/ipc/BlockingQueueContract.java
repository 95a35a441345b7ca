package io.github.multiprocessing4j.ipc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockingQueue} contract every shared queue keeps, whatever carries it (a mapped ring here, a
 * manager's proxy elsewhere). Subclass it with a factory; everything runs in this JVM, the cross-process
 * behaviour has its own tests.
 */
public abstract class BlockingQueueContract {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<BlockingQueue<Object>> made = new ArrayList<>();

    /** A new queue; {@code maxsize} 0 is unbounded. Return null if the implementation has no bounded form. */
    protected abstract BlockingQueue<Object> create(int maxsize);

    /** Releases a queue made by {@link #create}. */
    protected abstract void dispose(BlockingQueue<Object> q) throws Exception;

    /** A record type for items: the codec must rebuild it on the other side. */
    public record Point(int x, String label) {
    }

    protected final BlockingQueue<Object> queue() {
        return queue(0);
    }

    protected final BlockingQueue<Object> queue(int maxsize) {
        BlockingQueue<Object> q = create(maxsize);
        assumeTrue(q != null, "no bounded form");
        made.add(q);
        return q;
    }

    @AfterEach
    void disposeAll() throws Exception {
        for (BlockingQueue<Object> q : made) {
            dispose(q);
        }
    }

    @Test
    void itemsComeOutInTheOrderOneThreadPutThem() throws Exception {
        BlockingQueue<Object> q = queue();
        for (int i = 0; i < 1000; i++) {
            q.put(i);
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, q.take());
        }
    }

    @Test
    void itemsOfManyTypesArriveAsEqualCopies() throws Exception {
        BlockingQueue<Object> q = queue();
        Map<Object, Object> map = new HashMap<>();
        map.put(1, "1");
        map.put("2", 2);
        map.put(0.25, null);
        List<Object> values = List.of(Arrays.asList(42, null, "hello"), map, new Point(3, "p"), "", 7L, 2.5,
                new ArrayList<>(List.of(1, 2, 3)));
        for (Object v : values) {
            q.put(v);
        }
        for (Object v : values) {
            assertEquals(v, q.take());
        }
        int[] ints = {1, 2, 3};
        q.put(ints);
        Object back = q.take();
        assertArrayEquals(ints, (int[]) back);
        assertTrue(back != ints, "the taker gets a copy");
    }

    @Test
    void largeItemsArriveIntact() throws Exception {
        BlockingQueue<Object> q = queue();
        for (int size : new int[] {100, 64 << 10, 300 << 10, 5 << 20}) {
            byte[] b = pattern(size);
            q.put(b);
            assertArrayEquals(b, (byte[]) q.take(), "item of " + size + " bytes");
        }
    }

    @Test
    void nullItemsAreRefused() {
        BlockingQueue<Object> q = queue();
        assertThrows(NullPointerException.class, () -> q.put(null));
        assertThrows(NullPointerException.class, () -> q.offer(null));
        assertThrows(NullPointerException.class, () -> q.offer(null, 1, TimeUnit.MILLISECONDS));
    }

    @Test
    void pollOnAnEmptyQueueReturnsNullAtOnceOrAfterItsTimeout() throws Exception {
        BlockingQueue<Object> q = queue();
        assertNull(q.poll());
        long t = System.nanoTime();
        assertNull(q.poll(100, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t >= TimeUnit.MILLISECONDS.toNanos(100), "poll(100 ms) returned early");
        assertTrue(q.offer("a"));
        assertEquals("a", q.poll());
    }

    @Test
    void sizeIsEmptyAndDrainTo() throws Exception {
        BlockingQueue<Object> q = queue();
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        assertFalse(q.isEmpty());
        assertEquals(10, q.size());
        List<Object> out = new ArrayList<>();
        assertEquals(4, q.drainTo(out, 4));
        assertEquals(6, q.size());
        assertEquals(6, q.drainTo(out));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), out);
        assertTrue(q.isEmpty());
        assertEquals(0, q.drainTo(out));
        assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
    }

    @Test
    void takeWaitsForAPut() throws Exception {
        BlockingQueue<Object> q = queue();
        CompletableFuture<Object> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(taken.isDone());
        q.put("x");
        assertEquals("x", taken.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aBlockedTakeCanBeInterrupted() throws Exception {
        BlockingQueue<Object> q = queue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                q.take();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        // interrupt until it ends: whether the take is spinning, sleeping or not yet started, it must throw
        await().atMost(WAIT).until(() -> {
            t.interrupt();
            return !t.isAlive();
        });
        assertTrue(failure.get() instanceof InterruptedException, "got " + failure.get());
    }

    @Test
    void aBoundedQueueRefusesOffersWhenFull() throws Exception {
        BlockingQueue<Object> q = queue(2);
        assertEquals(2, q.remainingCapacity());
        assertTrue(q.offer(1));
        assertTrue(q.offer(2, 1, TimeUnit.SECONDS));
        assertEquals(0, q.remainingCapacity());
        assertFalse(q.offer(3));
        long t = System.nanoTime();
        assertFalse(q.offer(3, 100, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t >= TimeUnit.MILLISECONDS.toNanos(100), "offer(100 ms) returned early");
        assertEquals(2, q.size());
        assertEquals(1, q.take());
        assertTrue(q.offer(3));
        assertEquals(List.of(2, 3), List.of(q.take(), q.take()));
    }

    @Test
    void aBoundedQueuePutWaitsForATake() throws Exception {
        BlockingQueue<Object> q = queue(1);
        q.put("first");
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            try {
                q.put("second");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.onSpinWait();
        assertFalse(put.isDone(), "put into a full queue returned");
        assertEquals("first", q.take());
        put.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("second", q.take());
    }

    @Test
    void anInterruptedPutLeavesNothingBehind() throws Exception {
        BlockingQueue<Object> q = queue(1);
        q.put("a");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                q.put("b");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        await().atMost(WAIT).until(() -> {
            t.interrupt();
            return !t.isAlive();
        });
        assertTrue(failure.get() instanceof InterruptedException, "got " + failure.get());
        assertEquals(1, q.size());
        assertEquals("a", q.take());
        assertEquals(1, q.remainingCapacity(), "the interrupted put still holds capacity");
        assertTrue(q.offer("c"));
        assertEquals("c", q.take());
        assertNull(q.poll());
    }

    @Test
    void unboundedQueuesReportUnlimitedCapacity() {
        assertEquals(Integer.MAX_VALUE, queue().remainingCapacity());
    }

    @Test
    void manyThreadsPutAndTakeEveryItemExactlyOnce() throws Exception {
        BlockingQueue<Object> q = queue(64);
        int producers = 3;
        int each = 20_000;
        List<Thread> threads = new ArrayList<>();
        boolean[] seen = new boolean[producers * each];
        AtomicReference<String> problem = new AtomicReference<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        q.put(base + i);
                    }
                } catch (InterruptedException e) {
                    problem.set("producer interrupted");
                }
            }));
        }
        for (int c = 0; c < 3; c++) {
            threads.add(new Thread(() -> {
                try {
                    while (true) {
                        int v = (Integer) q.take();
                        if (v < 0) {
                            return;
                        }
                        synchronized (seen) {
                            if (seen[v]) {
                                problem.set("item " + v + " taken twice");
                            }
                            seen[v] = true;
                        }
                    }
                } catch (InterruptedException e) {
                    problem.set("consumer interrupted");
                }
            }));
        }
        threads.forEach(Thread::start);
        for (int p = 0; p < producers; p++) {
            threads.get(p).join(WAIT.toMillis());
        }
        for (int c = 0; c < 3; c++) {
            q.put(-1);
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), "thread still running");
        }
        assertNull(problem.get());
        for (int i = 0; i < seen.length; i++) {
            assertTrue(seen[i], "item " + i + " never taken");
        }
    }

    @Test
    void traversalsThatOtherProcessesWouldBreakAreRefusedWithAReason() {
        BlockingQueue<Object> q = queue();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, q::iterator);
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> q.contains("a"));
        assertThrows(UnsupportedOperationException.class, () -> q.remove("a"));
        assertThrows(UnsupportedOperationException.class, q::toArray);
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }
}
