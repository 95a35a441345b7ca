package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Channel;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.FrameLayout;
import io.github.multiprocessing4j.ipc.ClosedException;
import io.github.multiprocessing4j.ipc.Connection;
import io.github.multiprocessing4j.ipc.Pipe;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a pipe: an authenticated Unix domain socket connection (Python's {@code Pipe()} is a
 * socketpair), made on first use. In the JVM that created the pipe the end gets its connection from the
 * {@link PipeHub}; anywhere else it connects to the hub's socket. Encoded for another JVM as the hub's
 * path, the pipe's secret and the end's role; an end travels once, from its creator to one other JVM.
 */
@DefaultSerializer(SocketConnection.Wire.class)
public final class SocketConnection implements Connection {
    private static final int KEEP_OUTPUT = 1 << 20;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(() -> new Output(4096, -1));
    private final Path hubPath;
    private final byte[] secret;
    private final int role;
    private final boolean readable;
    private final boolean writable;
    /** Non-null in the creating JVM. */
    private final PipeHub hub;
    private volatile PipeHub.Link link;
    private Selector selector;
    private volatile boolean closed;

    private SocketConnection(Path hubPath, byte[] secret, int role, boolean readable, boolean writable, PipeHub hub) {
        this.hubPath = hubPath;
        this.secret = secret;
        this.role = role;
        this.readable = readable;
        this.writable = writable;
        this.hub = hub;
    }

    /** A new pipe whose rendezvous socket lives in this JVM's runtime directory. */
    public static Pipe pipe(boolean duplex) {
        PipeHub hub = new PipeHub();
        return new Pipe(new SocketConnection(hub.path, hub.secret, PipeHub.LEFT, true, duplex, hub),
                new SocketConnection(hub.path, hub.secret, PipeHub.RIGHT, duplex, true, hub));
    }

    @Override
    public void send(Object value) {
        checkWritable();
        Output out = OUTPUT.get();
        out.reset();
        out.setPosition(FrameLayout.BODY_OFFSET);
        Codec.local().writeTo(out, value);
        int end = out.position();
        FrameLayout.checkOutgoing(end, "a " + (value == null ? "null" : value.getClass().getName()));
        byte[] frame = out.getBuffer();
        // the frame header, as FrameLayout and Channel.sendBytes write it (big-endian), so one write sends all
        ByteBuffer.wrap(frame, 0, FrameLayout.BODY_OFFSET).putInt(end - FrameLayout.LENGTH_SIZE)
                .put((byte) PipeHub.VALUE).putLong(0L);
        try {
            link().channel().write(frame, end);
        } catch (IOException e) {
            throw sendFailed(e);
        } finally {
            if (frame.length > KEEP_OUTPUT) {
                OUTPUT.remove();
            }
        }
    }

    @Override
    public void sendBytes(byte[] bytes) {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkWritable();
        try {
            link().channel().sendBytes(PipeHub.BYTES, 0, bytes, offset, length);
        } catch (IOException e) {
            throw sendFailed(e);
        }
    }

    @Override
    public Object recv() {
        Channel.Message m = receive();
        byte[] body = (byte[]) m.body();
        return (m.type() & 0xff) == PipeHub.VALUE ? Codec.local().decode(body, 0, body.length) : body;
    }

    @Override
    public byte[] recvBytes() {
        Channel.Message m = receive();
        if ((m.type() & 0xff) != PipeHub.BYTES) {
            throw new MultiprocessingException("recvBytes(): the next message was sent with send(), not sendBytes();"
                    + " it was dropped (read values with recv())");
        }
        return (byte[]) m.body();
    }

    private Channel.Message receive() {
        checkReadable();
        try {
            Channel.Message m = link().channel().receive();
            if (m == null) {
                throw endOfStream();
            }
            return m;
        } catch (ClosedByInterruptException e) {
            close();
            throw interrupted("receiving", e);
        } catch (EOFException e) {
            throw endOfStream();
        } catch (IOException e) {
            if (closed) {
                throw new IllegalStateException("connection is closed in this process");
            }
            throw endOfStream();
        }
    }

    @Override
    public boolean poll(Duration timeout) {
        checkReadable();
        PipeHub.Link l = link();
        if (l.channel().hasBufferedFrame()) {
            return true;
        }
        long millis = timeout.isNegative() ? 0 : (timeout.toNanos() + 999_999) / 1_000_000;
        SocketChannel s = l.socket();
        synchronized (this) {
            try {
                if (selector == null) {
                    selector = Selector.open();
                }
                s.configureBlocking(false);
                try {
                    SelectionKey key = s.register(selector, SelectionKey.OP_READ);
                    int ready = millis == 0 ? selector.selectNow() : selector.select(millis);
                    key.cancel();
                    selector.selectNow();
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        throw new MultiprocessingException("interrupted while polling " + this);
                    }
                    return ready > 0;
                } finally {
                    s.configureBlocking(true);
                }
            } catch (IOException e) {
                return true; // broken: recv throws at once
            }
        }
    }

    @Override
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    @Override
    public boolean readable() {
        return readable;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        PipeHub.Link l = link;
        if (l != null) {
            l.close();
        }
        synchronized (this) {
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
            }
        }
        if (hub != null) {
            hub.closed(role);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private PipeHub.Link link() {
        PipeHub.Link l = link;
        if (l != null) {
            return l;
        }
        synchronized (this) {
            if (link == null) {
                try {
                    link = hub != null ? hub.channelFor(role) : PipeHub.connect(hubPath, secret, role);
                } catch (InterruptedException e) {
                    throw interrupted("waiting for the other end to connect", e);
                } catch (IOException e) {
                    throw new ClosedException("end of stream: the pipe no longer accepts its ends (both ends were"
                            + " closed in its creating JVM, or that JVM exited): " + e.getMessage());
                }
                if (closed) {
                    link.close();
                }
            }
            return link;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("connection is closed in this process");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException("this end of a one-way pipe only receives (it is Python's conn1, left())");
        }
    }

    private void checkReadable() {
        checkOpen();
        if (!readable) {
            throw new IllegalStateException("this end of a one-way pipe only sends (it is Python's conn2, right())");
        }
    }

    private ClosedException endOfStream() {
        return new ClosedException("end of stream: the other end of the pipe is closed (closed, or its process"
                + " exited) and nothing is left to receive");
    }

    private RuntimeException sendFailed(IOException e) {
        if (e instanceof ClosedByInterruptException) {
            close();
            return interrupted("sending", e);
        }
        if (closed) {
            return new IllegalStateException("connection is closed in this process");
        }
        return new ClosedException("cannot send: the other end of the pipe is closed (closed, or its process"
                + " exited): " + e.getMessage());
    }

    private MultiprocessingException interrupted(String what, Exception e) {
        Thread.currentThread().interrupt();
        return new MultiprocessingException("interrupted while " + what + " on " + this
                + (e instanceof ClosedByInterruptException ? "; the connection is closed" : ""), e);
    }

    @Override
    public String toString() {
        return "Connection[" + (role == PipeHub.LEFT ? "left" : "right") + " of " + hubPath.getFileName()
                + (readable && writable ? "" : readable ? ", receives" : ", sends") + (closed ? ", closed" : "") + "]";
    }

    /** How an end travels to another JVM: the hub's path, the secret, its role and direction. */
    public static final class Wire extends Serializer<SocketConnection> {
        public Wire() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, SocketConnection c) {
            if (c.hub != null) {
                c.hub.exported(c.role);
            }
            output.writeString(c.hubPath.toString());
            output.writeVarInt(c.secret.length, true);
            output.writeBytes(c.secret);
            output.writeByte(c.role);
            output.writeBoolean(c.readable);
            output.writeBoolean(c.writable);
        }

        @Override
        public SocketConnection read(Kryo kryo, Input input, Class<? extends SocketConnection> type) {
            Path path = Paths.get(input.readString());
            byte[] secret = input.readBytes(input.readVarInt(true));
            int role = input.readByte();
            boolean readable = input.readBoolean();
            boolean writable = input.readBoolean();
            return new SocketConnection(path, secret, role, readable, writable, null);
        }
    }
}
