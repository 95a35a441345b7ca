package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** The contract against {@link Ipc#joinableQueue()}, plus taskDone/join in one JVM. */
class JoinableQueueContractTest extends SharedQueueContract {
    @Override
    protected BlockingQueue<Object> create(int maxsize) {
        return maxsize == 0 ? Ipc.joinableQueue() : Ipc.joinableQueue(maxsize);
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() throws Exception {
        JoinableQueue<Object> q = (JoinableQueue<Object>) queue();
        assertTrue(q.join(Duration.ZERO), "no task yet");
        q.put("a");
        q.put("b");
        assertEquals(2, q.unfinishedTasks());
        assertFalse(q.join(Duration.ofMillis(50)));
        q.take();
        q.taskDone();
        assertFalse(q.join(Duration.ofMillis(50)));
        q.take();
        q.taskDone();
        assertTrue(q.join(Duration.ofSeconds(20)));
        q.join();
    }

    @Test
    void tooManyTaskDonesAreAnErrorNamingTheCount() throws Exception {
        JoinableQueue<Object> q = (JoinableQueue<Object>) queue();
        q.put(1);
        q.take();
        q.taskDone();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertEquals("taskDone() called more times than items were put: unfinished tasks = 0", e.getMessage());
    }

    @Test
    void plainQueuesHaveNoTaskDone() {
        SharedQueue<Object> plain = Ipc.queue();
        try {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> ((JoinableQueue<Object>) plain).taskDone());
            assertTrue(e.getMessage().contains("needs a JoinableQueue"), e.getMessage());
        } finally {
            plain.close();
        }
    }
}
