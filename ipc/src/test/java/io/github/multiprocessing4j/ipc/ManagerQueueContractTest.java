package io.github.multiprocessing4j.ipc;

import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The local queues' {@link BlockingQueue} contract against a manager's {@code queue()} proxy. */
class ManagerQueueContractTest extends BlockingQueueContract {
    private static Manager manager;

    @BeforeAll
    static void startManager() {
        manager = Manager.start();
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    protected BlockingQueue<Object> create(int maxsize) {
        return maxsize == 0 ? manager.queue() : manager.queue(maxsize);
    }

    @Override
    protected void dispose(BlockingQueue<Object> q) {
        q.clear();
    }

    /**
     * Overridden with a weaker promise: the server cannot stop a put that is already blocked in it, so
     * an interrupted put's element may still go in once space frees; the server takes it back out as
     * soon as the reply to the gone client fails. Until then (a moment), a consumer may receive it: a
     * producer that retries after an interrupt can duplicate an item, as with Python's manager queues.
     */
    @Override
    @org.junit.jupiter.api.Test
    void anInterruptedPutLeavesNothingBehind() throws Exception {
        BlockingQueue<Object> q = create(1);
        q.put("a");
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                q.put("b");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
            t.interrupt();
            return !t.isAlive();
        });
        org.junit.jupiter.api.Assertions.assertTrue(failure.get() instanceof InterruptedException, "got " + failure.get());
        org.junit.jupiter.api.Assertions.assertEquals("a", q.take());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> q.remainingCapacity() == 1 && q.isEmpty());
        org.junit.jupiter.api.Assertions.assertTrue(q.offer("c"));
        org.junit.jupiter.api.Assertions.assertEquals("c", q.take());
    }

    /**
     * Overridden: a manager queue lives in one server, which can traverse it consistently, so unlike the
     * mapped queues it supports {@code contains}, {@code remove(Object)} and {@code toArray}.
     */
    @Override
    @org.junit.jupiter.api.Test
    void traversalsThatOtherProcessesWouldBreakAreRefusedWithAReason() {
        BlockingQueue<Object> q = create(0);
        q.add("a");
        q.add("b");
        org.junit.jupiter.api.Assertions.assertTrue(q.contains("a"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new Object[] {"a", "b"}, q.toArray());
        org.junit.jupiter.api.Assertions.assertTrue(q.remove("a"));
        org.junit.jupiter.api.Assertions.assertEquals("b", q.poll());
    }
}
