package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every pipe keeps, seen from a sending end and a receiving end of the same direction. Subclasses
 * give the pipe and say which end sends; everything runs in this JVM (the cross-process behaviour has its
 * own tests).
 */
abstract class ConnectionContract {
    private final List<Pipe> made = new ArrayList<>();

    protected abstract Pipe create();

    /** The end that sends in the direction under test. */
    protected abstract Connection sender(Pipe p);

    /** The end that receives in the direction under test. */
    protected abstract Connection receiver(Pipe p);

    protected final Pipe pipe() {
        Pipe p = create();
        made.add(p);
        return p;
    }

    @AfterEach
    void closeAll() {
        for (Pipe p : made) {
            p.left().close();
            p.right().close();
        }
    }

    @Test
    void messagesArriveInOrderWithTheirBoundaries() throws Exception {
        Pipe p = pipe();
        Connection s = sender(p);
        Connection r = receiver(p);
        s.send(Arrays.asList(42, null, "hello"));
        s.sendBytes(new byte[] {1, 2, 3});
        s.sendBytes(new byte[] {9, 8, 7, 6, 5}, 1, 3);
        s.sendBytes(new byte[0]);
        s.send("last");
        assertEquals(Arrays.asList(42, null, "hello"), r.recv());
        assertArrayEquals(new byte[] {1, 2, 3}, r.recvBytes());
        assertArrayEquals(new byte[] {8, 7, 6}, r.recvBytes());
        assertArrayEquals(new byte[0], r.recvBytes());
        assertEquals("last", r.recv());
    }

    @Test
    void largeMessagesArriveIntact() throws Exception {
        Pipe p = pipe();
        for (int size : new int[] {1 << 20, 3 << 20}) {
            byte[] b = BlockingQueueContract.pattern(size);
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receiver(p).recvBytes());
            sender(p).sendBytes(b);
            assertArrayEquals(b, got.get(20, TimeUnit.SECONDS), size + " bytes");
        }
    }

    @Test
    void pollTimesOutWhenNothingWasSentAndSeesAMessage() throws Exception {
        Pipe p = pipe();
        Connection r = receiver(p);
        assertFalse(r.poll());
        long t = System.nanoTime();
        assertFalse(r.poll(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - t >= TimeUnit.MILLISECONDS.toNanos(100), "poll(100 ms) returned early");
        sender(p).send(1);
        assertTrue(r.poll(Duration.ofSeconds(20)));
        assertTrue(r.poll());
        assertEquals(1, r.recv());
    }

    @Test
    void recvAfterTheSenderClosedGetsWhatWasSentThenEndOfStream() throws Exception {
        Pipe p = pipe();
        Connection s = sender(p);
        Connection r = receiver(p);
        s.send("before close");
        s.close();
        assertEquals("before close", r.recv());
        assertTrue(r.poll(Duration.ZERO), "poll says recv would not block: it throws");
        ClosedException e = assertThrows(ClosedException.class, r::recv);
        assertTrue(e.getMessage().startsWith("end of stream"), e.getMessage());
    }

    @Test
    void aBlockedRecvEndsWhenTheSenderCloses() throws Exception {
        Pipe p = pipe();
        CompletableFuture<Object> got = CompletableFuture.supplyAsync(() -> {
            try {
                return receiver(p).recv();
            } catch (ClosedException e) {
                return e;
            }
        });
        sender(p).close();
        assertTrue(got.get(20, TimeUnit.SECONDS) instanceof ClosedException);
    }

    @Test
    void anInterruptedRecvSaysSoAndClosesItsEnd() throws Exception {
        Pipe p = pipe();
        sender(p).send("settle both ends");
        assertEquals("settle both ends", receiver(p).recv());
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            thread.complete(Thread.currentThread());
            try {
                receiver(p).recv();
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(Thread.currentThread().isInterrupted() ? e : new IllegalStateException("flag lost", e));
            }
        });
        t.start();
        assertThrows(java.util.concurrent.TimeoutException.class, () -> failure.get(200, TimeUnit.MILLISECONDS),
                "nothing was sent: recv must still be waiting");
        thread.get().interrupt();
        RuntimeException e = failure.get(20, TimeUnit.SECONDS);
        assertTrue(e instanceof io.github.multiprocessing4j.MultiprocessingException
                && e.getMessage().startsWith("interrupted while receiving"), String.valueOf(e));
        assertTrue(receiver(p).isClosed(), "the interrupted end is closed");
        t.join(20_000);
    }

    @Test
    void sendToAClosedReceiverFails() throws Exception {
        Pipe p = pipe();
        receiver(p).close();
        ClosedException e = assertThrows(ClosedException.class, () -> sender(p).send(1));
        assertTrue(e.getMessage().contains("other end of the pipe is closed"), e.getMessage());
    }

    @Test
    void aClosedEndRefusesUseAndCloseIsIdempotent() {
        Pipe p = pipe();
        Connection s = sender(p);
        s.close();
        s.close();
        assertTrue(s.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.send(1));
        assertEquals("connection is closed in this process", e.getMessage());
    }
}
