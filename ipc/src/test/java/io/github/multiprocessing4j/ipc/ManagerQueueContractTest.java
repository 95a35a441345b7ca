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
