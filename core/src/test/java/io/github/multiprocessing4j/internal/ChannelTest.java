package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.AuthenticationException;
import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.MultiprocessingException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The framed channel over a real Unix socket: handshake, limits and malformed input. */
class ChannelTest {
    private Path path;
    private ServerSocketChannel server;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeEach
    void listen() throws IOException {
        path = RuntimeDir.newPath("test", ".sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
    }

    @AfterEach
    void close() throws IOException {
        threads.shutdownNow();
        server.close();
        Files.deleteIfExists(path);
    }

    private Channel[] pair(byte[] serverKey, byte[] clientKey) throws Exception {
        CompletableFuture<Channel> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return Channel.authenticate(server.accept(), serverKey, "client", true);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, threads);
        Channel client = Channel.connect(path, clientKey, "server");
        return new Channel[] {accepted.get(10, TimeUnit.SECONDS), client};
    }

    @Test
    void framesTravelInOrderWithTypeAndId() throws Exception {
        byte[] key = Channel.newSecret();
        Channel[] c = pair(key, key);
        try {
            byte[] big = new byte[3 << 20]; // larger than the read buffer and the socket's
            big[big.length - 1] = 9;
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    c[1].send(MessageTypes.TASK, 7, List.of(42, "x"));
                    c[1].send(MessageTypes.RESULT, Long.MAX_VALUE, null);
                    c[1].send(MessageTypes.TASK, 8, big);
                    c[1].sendBytes(MessageTypes.RAW_BASE + 1, 9, new byte[] {1, 2, 3}, 1, 2);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            Channel.Message m = c[0].receive();
            assertEquals(MessageTypes.TASK, m.type());
            assertEquals(7, m.id());
            assertEquals(List.of(42, "x"), m.body());
            m = c[0].receive();
            assertEquals(Long.MAX_VALUE, m.id());
            assertNull(m.body());
            assertArrayEquals(big, (byte[]) c[0].receive().body());
            assertArrayEquals(new byte[] {2, 3}, (byte[]) c[0].receive().body());
            sent.get(10, TimeUnit.SECONDS);
            c[1].close();
            assertNull(c[0].receive(), "a clean close between frames reads as end of stream");
        } finally {
            c[0].close();
            c[1].close();
        }
    }

    @Test
    void bigBodiesReadIntoOneReusedBufferDecodeIntactWhateverCameBefore() throws Exception {
        byte[] key = Channel.newSecret();
        Channel[] c = pair(key, key);
        try {
            double[] first = filled(200_000, 1); // 1.6 MB: the reused buffer grows to hold it
            int[] smaller = new int[100_000]; // 400 KB: read into the same, larger buffer
            java.util.Arrays.setAll(smaller, i -> -i);
            byte[] raw = new byte[(1 << 20) + 3]; // handed out as it is, so never the reused buffer
            java.util.Arrays.fill(raw, (byte) 5);
            double[] huge = filled(1 << 20, 3); // 8 MB: over the reuse limit, an array of its own
            List<Object> values = List.of(first, smaller, filled(300_000, 2), huge);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    c[1].send(MessageTypes.RESULT, 1, first);
                    c[1].sendBytes(MessageTypes.RAW_BASE + 1, 2, raw, 0, raw.length);
                    c[1].send(MessageTypes.RESULT, 3, smaller);
                    c[1].send(MessageTypes.RESULT, 4, values.get(2));
                    c[1].send(MessageTypes.RESULT, 5, huge);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            double[] got1 = (double[]) c[0].receive().body();
            byte[] gotRaw = (byte[]) c[0].receive().body();
            int[] got3 = (int[]) c[0].receive().body();
            double[] got4 = (double[]) c[0].receive().body();
            double[] got5 = (double[]) c[0].receive().body();
            sent.get(10, TimeUnit.SECONDS);
            // checked only now: a later frame read into a buffer that an earlier value still pointed
            // into would show up here
            assertArrayEquals(first, got1);
            assertArrayEquals(raw, gotRaw);
            assertArrayEquals(smaller, got3);
            assertArrayEquals((double[]) values.get(2), got4);
            assertArrayEquals(huge, got5);
        } finally {
            c[0].close();
            c[1].close();
        }
    }

    private static double[] filled(int n, int seed) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = seed * 1_000_000.0 + i;
        }
        return d;
    }

    @Test
    void aWrongSecretFailsBothSidesBeforeAnyFrame() throws Exception {
        CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
            try {
                Channel.authenticate(server.accept(), Channel.newSecret(), "client", true);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, threads);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> Channel.connect(path, Channel.newSecret(), "server"));
        assertTrue(e.getMessage().contains("wrong authkey"), e.getMessage());
        assertTrue(serverSide.get(10, TimeUnit.SECONDS) instanceof AuthenticationException);
    }

    @Test
    void aPeerThatDoesNotSpeakTheProtocolIsRefused() throws Exception {
        CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
            try {
                Channel.authenticate(server.accept(), Channel.newSecret(), "client", true);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, threads);
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(path));
            raw.write(ByteBuffer.wrap(new byte[36]));
            Throwable t = serverSide.get(10, TimeUnit.SECONDS);
            assertTrue(t instanceof AuthenticationException, String.valueOf(t));
            assertTrue(t.getMessage().contains("does not speak"), t.getMessage());
        }
    }

    @Test
    void anOversizedOrCorruptLengthClosesTheConnectionWithAClearError() throws Exception {
        byte[] key = Channel.newSecret();
        for (int badLength : new int[] {Integer.MAX_VALUE, 3, -1}) {
            Channel[] c = pair(key, key);
            try {
                ByteBuffer frame = ByteBuffer.allocate(16).putInt(badLength).putInt(0).putLong(0).flip();
                c[1].sendBytes(MessageTypes.RAW_BASE, 0, new byte[0], 0, 0); // a good frame first
                forceWrite(c[1], frame);
                c[0].receive();
                MultiprocessingException e = assertThrows(MultiprocessingException.class, c[0]::receive);
                String expected = badLength > 100 ? "larger than the limit" : "corrupt frame";
                assertTrue(e.getMessage().contains(expected), e.getMessage());
                assertTrue(c[0].isClosed());
            } finally {
                c[0].close();
                c[1].close();
            }
        }
    }

    @Test
    void anUnencodableBodyFailsInTheSenderAndLeavesTheStreamIntact() throws Exception {
        byte[] key = Channel.newSecret();
        Channel[] c = pair(key, key);
        try {
            assertThrows(EncodingException.class, () -> c[1].send(MessageTypes.TASK, 1, new Thread(() -> { })));
            c[1].send(MessageTypes.TASK, 2, "after");
            Channel.Message m = c[0].receive();
            assertEquals(2, m.id());
            assertEquals("after", m.body());
        } finally {
            c[0].close();
            c[1].close();
        }
    }

    @Test
    void aReceiverWithNothingToReadSleepsWithoutCpuAndWakesWhenTheChannelIsClosed() throws Exception {
        byte[] key = Channel.newSecret();
        Channel[] c = pair(key, key);
        try {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            CompletableFuture<long[]> waited = CompletableFuture.supplyAsync(() -> {
                long cpu = mx.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                try {
                    Channel.Message m = c[0].receive();
                    assertNull(m, "a receive woken by close() sees end of stream");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                long end = System.nanoTime();
                return new long[] {mx.getCurrentThreadCpuTime() - cpu, end - wall, end};
            }, threads);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> waited.get(600, TimeUnit.MILLISECONDS),
                    "nothing was sent: the receive must still be waiting");
            long closing = System.nanoTime();
            c[0].close();
            long[] spent = waited.get(10, TimeUnit.SECONDS);
            // Same clock on both threads: the receive returned only once close() had begun.
            assertTrue(spent[2] >= closing, "the receive returned " + (closing - spent[2]) + " ns before close()");
            assertTrue(spent[0] < TimeUnit.MILLISECONDS.toNanos(150),
                    "a waiting receiver must sleep, not spin: it used " + spent[0] / 1_000_000 + " ms of CPU in "
                            + spent[1] / 1_000_000 + " ms");
        } finally {
            c[0].close();
            c[1].close();
        }
    }

    @Test
    void interruptingAWaitingReceiverClosesTheChannel() throws Exception {
        byte[] key = Channel.newSecret();
        Channel[] c = pair(key, key);
        try {
            CompletableFuture<Thread> receiver = new CompletableFuture<>();
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                receiver.complete(Thread.currentThread());
                try {
                    c[0].receive();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, threads);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> failure.get(200, TimeUnit.MILLISECONDS),
                    "nothing was sent: the receive must still be waiting");
            receiver.get(10, TimeUnit.SECONDS).interrupt();
            Throwable e = failure.get(10, TimeUnit.SECONDS);
            assertTrue(e instanceof java.nio.channels.ClosedByInterruptException, "got " + e);
            assertTrue(c[0].isClosed());
            assertNull(c[1].receive(), "the peer sees end of stream");
        } finally {
            c[0].close();
            c[1].close();
        }
    }

    private static void forceWrite(Channel c, ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        c.write(bytes, bytes.length);
    }
}
