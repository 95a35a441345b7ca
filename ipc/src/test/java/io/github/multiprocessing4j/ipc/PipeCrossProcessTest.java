package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Pipe ends used from child JVMs. */
class PipeCrossProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aChildEchoesAndItsCloseEndsTheStream() throws Exception {
        Pipe pipe = Ipc.pipe();
        Connection parent = pipe.left();
        Connection child = pipe.right();
        JvmProcess p = new JvmProcess(() -> echoUntilNull(child)).start();
        try {
            for (int i = 0; i < 1000; i++) {
                parent.send(i);
                assertEquals(i, parent.recv());
            }
            byte[] big = BlockingQueueContract.pattern(3 << 20);
            parent.send(big);
            assertArrayEquals(big, (byte[]) parent.recv());
            parent.send(null);
            assertEquals("bye", parent.recv());
            ClosedException e = assertThrows(ClosedException.class, parent::recv);
            assertTrue(e.getMessage().startsWith("end of stream"), e.getMessage());
            assertTrue(p.join(WAIT));
            assertEquals(OptionalInt.of(0), p.exitCode());
        } finally {
            parent.close();
            child.close();
        }
    }

    private static void echoUntilNull(Connection conn) {
        while (true) {
            Object m = conn.recv();
            if (m == null) {
                break;
            }
            conn.send(m);
        }
        conn.send("bye");
        conn.close();
    }

    @Test
    void recvEndsWhenTheChildHoldingTheOtherEndIsKilled() throws Exception {
        Pipe pipe = Ipc.pipe(false);
        Connection reader = pipe.left();
        Connection writer = pipe.right();
        JvmProcess p = new JvmProcess(() -> {
            try {
                writer.send("alive");
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).start();
        try {
            assertEquals("alive", reader.recv());
            assertFalse(reader.poll(Duration.ofMillis(100)), "poll should time out while the child sends nothing");
            p.kill();
            assertTrue(p.join(WAIT));
            // the parent still holds its own copy of the sending end, unused: Python would hang here
            ClosedException e = assertThrows(ClosedException.class, reader::recv);
            assertTrue(e.getMessage().startsWith("end of stream"), e.getMessage());
        } finally {
            reader.close();
            writer.close();
        }
    }

    @Test
    void theSeedsPipeSnippet() throws Exception {
        Pipe pipe = Ipc.pipe();
        Connection parentConn = pipe.left();
        Connection childConn = pipe.right();
        JvmProcess p = new JvmProcess(() -> {
            childConn.send(Arrays.asList(42, null, "hello"));
            childConn.close();
        }).start();
        try {
            assertEquals("[42, null, hello]", String.valueOf(parentConn.recv()));
            assertTrue(p.join(WAIT));
            ClosedException e = assertThrows(ClosedException.class, parentConn::recv);
            assertTrue(e.getMessage().startsWith("end of stream"), e.getMessage());
        } finally {
            parentConn.close();
            childConn.close();
        }
    }

    @Test
    void bothEndsSentToTwoChildrenTalkThroughTheCreator() throws Exception {
        Pipe pipe = Ipc.pipe();
        Connection left = pipe.left();
        Connection right = pipe.right();
        try (SharedQueue<Object> out = Ipc.queue()) {
            JvmProcess a = new JvmProcess(() -> {
                left.send("from A");
                try {
                    out.put(left.recv());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            JvmProcess b = new JvmProcess(() -> {
                Object m = right.recv();
                right.send(m + " via B");
            }).start();
            assertEquals("from A via B", out.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(a.join(WAIT) && b.join(WAIT));
            assertEquals(OptionalInt.of(0), a.exitCode());
            assertEquals(OptionalInt.of(0), b.exitCode());
        } finally {
            left.close();
            right.close();
        }
    }
}
