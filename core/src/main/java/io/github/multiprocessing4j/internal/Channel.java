package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.AuthenticationException;
import io.github.multiprocessing4j.MultiprocessingException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A framed, authenticated, Kryo-encoded connection over a Unix domain (or TCP) socket.
 *
 * <p>Threading: any number of threads may {@link #send}; one thread at a time may {@link #receive}.
 * A frame is written whole or not at all: encoding happens before the write lock is taken, so a
 * value that cannot be encoded throws in the sender's thread and leaves the stream intact.
 *
 * <p>Handshake, before any Kryo byte: each side sends a 32-byte nonce and proves it knows the shared
 * secret by returning HMAC-SHA256(secret, role + nonce) of the other's nonce; a wrong answer closes
 * the connection with {@link AuthenticationException}.
 */
public final class Channel implements Closeable {
    public static final int SECRET_BYTES = 32;
    private static final int MAGIC = 0x6d70346a; // "mp4j"
    private static final int READ_BUFFER = 256 * 1024;
    /** The largest body read into {@link #bigBody}; bigger ones get an array of their own. */
    private static final int REUSED_BODY_MAX = 4 << 20;

    private final SocketChannel socket;
    private final String peer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
    /** Reused for bodies over the read buffer's size; receiving thread only. */
    private byte[] bigBody;
    private final ThreadLocal<Output> frames = ThreadLocal.withInitial(() -> new Output(4096, -1));
    private volatile boolean closed;

    private Channel(SocketChannel socket, String peer) {
        this.socket = socket;
        this.peer = peer;
        in.flip(); // empty, ready to be compacted and filled
    }

    /** A fresh random secret for one channel. */
    public static byte[] newSecret() {
        return HmacSha256.randomBytes(SECRET_BYTES);
    }

    /** Connects to a Unix socket and authenticates as the client. */
    public static Channel connect(Path socketPath, byte[] secret, String peer) throws IOException {
        return connect(socketPath, secret, peer, 0);
    }

    /**
     * Connects to a Unix socket, retrying for up to {@code retryNanos} while nobody listens there yet
     * (a child may be faster than its parent's listener), then authenticates as the client.
     */
    public static Channel connect(Path socketPath, byte[] secret, String peer, long retryNanos) throws IOException {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            long deadline = System.nanoTime() + retryNanos;
            while (true) {
                try {
                    s.connect(UnixDomainSocketAddress.of(socketPath));
                    break;
                } catch (java.net.SocketException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    s.close();
                    s = SocketChannel.open(StandardProtocolFamily.UNIX);
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            }
            return authenticate(s, secret, peer, false);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Authenticates an accepted or connected socket. The server side speaks first; the socket is closed
     * if authentication fails.
     */
    public static Channel authenticate(SocketChannel s, byte[] secret, String peer, boolean server) throws IOException {
        try {
            byte[] mine = HmacSha256.randomBytes(SECRET_BYTES);
            ByteBuffer hello = ByteBuffer.allocate(4 + SECRET_BYTES).putInt(MAGIC).put(mine).flip();
            writeFully(s, hello);
            ByteBuffer theirs = readExactly(s, 4 + SECRET_BYTES, peer);
            if (theirs.getInt() != MAGIC) {
                throw new AuthenticationException("the peer " + peer + " does not speak the multiprocessing4j protocol");
            }
            byte[] theirNonce = new byte[SECRET_BYTES];
            theirs.get(theirNonce);
            writeFully(s, ByteBuffer.wrap(hmac(secret, server ? 'S' : 'C', theirNonce)));
            byte[] answer = new byte[32];
            readExactly(s, 32, peer).get(answer);
            if (!HmacSha256.equal(answer, hmac(secret, server ? 'C' : 'S', mine))) {
                throw new AuthenticationException("authentication failed with " + peer
                        + ": it does not know the secret (wrong authkey?); the connection was closed before"
                        + " anything was decoded");
            }
            return new Channel(s, peer);
        } catch (IOException | RuntimeException e) {
            s.close();
            if (e instanceof EOFException) {
                throw new AuthenticationException("authentication failed with " + peer
                        + ": it closed the connection during the handshake (wrong authkey?)");
            }
            throw e;
        }
    }

    private static byte[] hmac(byte[] secret, char role, byte[] nonce) {
        return HmacSha256.mac(secret, new byte[] {(byte) role}, nonce);
    }

    /** Who is at the other end, for messages. */
    public String peer() {
        return peer;
    }

    /**
     * Encodes and sends one frame. Thread-safe.
     *
     * @throws io.github.multiprocessing4j.EncodingException if {@code body} cannot be encoded; nothing was sent
     * @throws IOException if the connection is broken
     */
    public void send(int type, long id, Object body) throws IOException {
        Output out = frames.get();
        out.reset();
        appendFrame(out, type, id, body);
        write(out.getBuffer(), out.position());
        if (out.getBuffer().length > 1 << 20) {
            frames.remove(); // do not keep a huge buffer alive per thread
        }
    }

    /**
     * Appends a frame whose body is already encoded (or raw bytes, for a RAW type) to {@code out}, for
     * one {@link #write} of several frames.
     */
    public static void appendEncodedFrame(Output out, int type, long id, byte[] body) {
        FrameLayout.checkOutgoing((long) FrameLayout.BODY_OFFSET + body.length, "a message");
        writeIntBE(out, FrameLayout.BODY_OFFSET - FrameLayout.LENGTH_SIZE + body.length);
        out.writeByte(type);
        writeIntBE(out, (int) (id >>> 32));
        writeIntBE(out, (int) id);
        out.writeBytes(body);
    }

    /** Sends one frame whose body is already encoded (or raw bytes, for a RAW type). Thread-safe. */
    public void sendBytes(int type, long id, byte[] body, int offset, int length) throws IOException {
        FrameLayout.checkOutgoing((long) FrameLayout.BODY_OFFSET + length, "a message");
        ByteBuffer header = ByteBuffer.allocate(FrameLayout.BODY_OFFSET)
                .putInt(FrameLayout.BODY_OFFSET - FrameLayout.LENGTH_SIZE + length).put((byte) type).putLong(id).flip();
        writeLock.lock();
        try {
            checkOpen();
            writeFully(socket, header);
            writeFully(socket, ByteBuffer.wrap(body, offset, length));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Appends one encoded frame to {@code out}, so a caller can batch several frames into one write. On an
     * encoding failure {@code out} is rolled back to where it was.
     */
    public static void appendFrame(Output out, int type, long id, Object body) {
        int start = out.position();
        writeIntBE(out, 0);
        out.writeByte(type);
        writeIntBE(out, (int) (id >>> 32));
        writeIntBE(out, (int) id);
        try {
            Codec.local().writeTo(out, body);
        } catch (RuntimeException e) {
            out.setPosition(start);
            throw e;
        }
        int end = out.position();
        try {
            FrameLayout.checkOutgoing(end - start, body == null ? "a message" : "a " + body.getClass().getSimpleName());
        } catch (RuntimeException e) {
            out.setPosition(start);
            throw e;
        }
        out.setPosition(start);
        writeIntBE(out, end - start - FrameLayout.LENGTH_SIZE);
        out.setPosition(end);
    }

    /** Kryo's {@code Output.writeInt} is little-endian; the frame header is big-endian like the reader's ByteBuffer. */
    private static void writeIntBE(Output out, int v) {
        out.writeByte(v >>> 24);
        out.writeByte(v >>> 16);
        out.writeByte(v >>> 8);
        out.writeByte(v);
    }

    /** Writes already framed bytes (from {@link #appendFrame}). Thread-safe. */
    public void write(byte[] frames, int length) throws IOException {
        writeLock.lock();
        try {
            checkOpen();
            writeFully(socket, ByteBuffer.wrap(frames, 0, length));
        } finally {
            writeLock.unlock();
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Blocks until the next frame arrives and decodes it. One receiving thread at a time. Interrupting a
     * receiving thread closes the channel, which it reports with {@link ClosedByInterruptException}.
     *
     * @return the message, or {@code null} when the peer closed the connection cleanly between frames
     * @throws EOFException if the peer closed in the middle of a frame
     * @throws MultiprocessingException if the frame is too big or corrupt (the channel is then closed)
     */
    public Message receive() throws IOException {
        if (!fill(FrameLayout.LENGTH_SIZE, true)) {
            return null;
        }
        int length;
        try {
            length = FrameLayout.checkLength(in.getInt(in.position()), peer);
        } catch (MultiprocessingException e) {
            close();
            throw e;
        }
        in.position(in.position() + FrameLayout.LENGTH_SIZE);
        int type;
        long id;
        byte[] buf;
        int off;
        int bodyLength = length - (FrameLayout.BODY_OFFSET - FrameLayout.LENGTH_SIZE);
        if (length <= in.capacity()) {
            fill(length, false);
            type = in.get();
            id = in.getLong();
            buf = in.array();
            off = in.arrayOffset() + in.position();
            in.position(in.position() + bodyLength);
        } else {
            fill(FrameLayout.BODY_OFFSET - FrameLayout.LENGTH_SIZE, false);
            type = in.get();
            id = in.getLong();
            buf = MessageTypes.isRaw(type) ? new byte[bodyLength] : bodyBuffer(bodyLength);
            int have = Math.min(in.remaining(), bodyLength);
            in.get(buf, 0, have);
            ByteBuffer rest = ByteBuffer.wrap(buf, have, bodyLength - have);
            while (rest.hasRemaining()) {
                if (socket.read(rest) < 0) {
                    throw new EOFException(peer + " closed the connection in the middle of a frame");
                }
            }
            off = 0;
        }
        if (MessageTypes.isRaw(type)) { // handed out as it is: never one of the reused buffers
            byte[] copy = buf == in.array() ? java.util.Arrays.copyOfRange(buf, off, off + bodyLength) : buf;
            return new Message(type, id, copy, null);
        }
        try {
            return new Message(type, id, Codec.local().decode(buf, off, bodyLength), null);
        } catch (io.github.multiprocessing4j.EncodingException e) {
            return new Message(type, id, null, e); // the frame was read whole: the stream is still in step
        }
    }

    /**
     * Where the body of a frame too big for the read buffer is read before it is decoded: the same array
     * again while bodies stay under {@link #REUSED_BODY_MAX}. Decoding copies out of it (as it does out of
     * the read buffer), so a receiver of many large values (a {@code map} of arrays) no longer allocates a
     * second, throw-away array per value, which the parent's collector had to make room for.
     */
    private byte[] bodyBuffer(int length) {
        if (length > REUSED_BODY_MAX) {
            return new byte[length];
        }
        if (bigBody == null || bigBody.length < length) {
            bigBody = new byte[Math.max(length, Math.min(REUSED_BODY_MAX, (bigBody == null ? 0 : bigBody.length) * 2))];
        }
        return bigBody;
    }

    /** Whether a whole frame is already buffered, so {@link #receive} will not block. */
    public boolean hasBufferedFrame() {
        if (in.remaining() < FrameLayout.LENGTH_SIZE) {
            return false;
        }
        return in.remaining() - FrameLayout.LENGTH_SIZE >= in.getInt(in.position());
    }

    private boolean fill(int need, boolean eofAllowed) throws IOException {
        if (in.remaining() >= need) {
            return true;
        }
        in.compact();
        try {
            while (in.position() < need) {
                int n;
                try {
                    n = socket.read(in);
                } catch (ClosedByInterruptException e) {
                    close(); // the JDK closed the socket: say so here too
                    throw e; // the receiver was interrupted: not the peer's end of stream
                } catch (ClosedChannelException e) {
                    n = -1;
                } catch (IOException e) {
                    if (closed) {
                        n = -1;
                    } else {
                        throw e;
                    }
                }
                if (n < 0) {
                    if (eofAllowed && in.position() == 0) {
                        return false;
                    }
                    throw new EOFException(peer + " closed the connection in the middle of a frame");
                }
            }
            return true;
        } finally {
            in.flip();
        }
    }

    private static void writeFully(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            s.write(b);
        }
    }

    private static ByteBuffer readExactly(SocketChannel s, int n, String peer) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (s.read(b) < 0) {
                throw new EOFException(peer + " closed the connection during the handshake");
            }
        }
        return b.flip();
    }

    /** Whether {@link #close} was called here. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection; the peer sees end-of-stream. Idempotent; a blocked receive returns null. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /**
     * One frame. {@code decodeFailure} is set, and {@code body} null, when the frame arrived whole but its
     * body could not be decoded here (a class missing on this side, say): the caller fails what that
     * frame answered and goes on reading.
     */
    public record Message(int type, long id, Object body, io.github.multiprocessing4j.EncodingException decodeFailure) {
        /** The decoded body. @throws io.github.multiprocessing4j.EncodingException if it could not be decoded */
        public Object bodyOrThrow() {
            if (decodeFailure != null) {
                throw decodeFailure;
            }
            return body;
        }
    }
}
