package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.ipc.ClosedException;
import io.github.multiprocessing4j.ipc.Connection;
import io.github.multiprocessing4j.ipc.Pipe;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One end of a pipe: a {@link MappedRing} to receive from and one to send to (one of them absent for a
 * one-way pipe). Encoded for another JVM as the two rings' paths; decoding maps them there and makes that
 * JVM the owner of this end.
 */
@DefaultSerializer(RingConnection.Wire.class)
public final class RingConnection implements Connection {
    /** Each direction: 32768 slots of 256 bytes, 8 MiB; messages up to 2 MiB stay in the ring. */
    static final int SLOTS = 1 << 15;
    static final int SLOT_SHIFT = 8;
    private static final int KEEP_OUTPUT = 1 << 20;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(() -> new Output(4096, -1));

    private final MappedRing in;
    private final MappedRing out;
    /** The pipe's files were gone when this end arrived in this JVM: both ends had been closed. */
    private final boolean gone;
    private volatile boolean closed;

    private RingConnection(MappedRing in, MappedRing out) {
        this(in, out, false);
    }

    private RingConnection(MappedRing in, MappedRing out, boolean gone) {
        this.gone = gone;
        this.in = in;
        this.out = out;
        if (in != null) {
            in.attach(false);
        }
        if (out != null) {
            out.attach(true);
        }
    }

    /** Creates a pipe whose files live in this JVM's runtime directory. */
    public static Pipe pipe(boolean duplex) {
        MappedRing toLeft = MappedRing.create(RuntimeDir.newPath("pipe-", ".ring"), SLOTS, SLOT_SHIFT, 0, RingLayout.MODE_PIPE);
        if (!duplex) {
            return new Pipe(new RingConnection(toLeft, null), new RingConnection(null, toLeft));
        }
        MappedRing toRight = MappedRing.create(RuntimeDir.newPath("pipe-", ".ring"), SLOTS, SLOT_SHIFT, 0, RingLayout.MODE_PIPE);
        return new Pipe(new RingConnection(toLeft, toRight), new RingConnection(toRight, toLeft));
    }

    @Override
    public void send(Object value) {
        MappedRing o = sending();
        Output buf = OUTPUT.get();
        buf.reset();
        try {
            Codec.local().writeTo(buf, value);
            offer(o, buf.getBuffer(), 0, buf.position());
        } finally {
            if (buf.getBuffer().length > KEEP_OUTPUT) {
                OUTPUT.remove();
            }
        }
    }

    @Override
    public Object recv() {
        MappedRing.Received r = take();
        return Codec.local().decode(r.array(), 0, r.length);
    }

    @Override
    public void sendBytes(byte[] bytes) {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        offer(sending(), bytes, offset, length);
    }

    @Override
    public byte[] recvBytes() {
        MappedRing.Received r = take();
        return Arrays.copyOf(r.array(), r.length);
    }

    @Override
    public boolean poll(Duration timeout) {
        if (gone) {
            return true; // recv throws at once
        }
        MappedRing in = receiving();
        try {
            return in.awaitReadable(Math.max(0, timeout.toNanos()));
        } catch (InterruptedException e) {
            throw interrupted("polling", e);
        }
    }

    private void offer(MappedRing o, byte[] bytes, int offset, int length) {
        try {
            o.offer(bytes, offset, length, -1, false);
        } catch (InterruptedException e) {
            throw interrupted("sending", e);
        }
    }

    private MappedRing.Received take() {
        MappedRing in = receiving();
        try {
            return in.poll(-1);
        } catch (InterruptedException e) {
            throw interrupted("receiving", e);
        }
    }

    private MultiprocessingException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MultiprocessingException("interrupted while " + what + " on " + this, e);
    }

    @Override
    public boolean poll() {
        if (gone) {
            return true;
        }
        try {
            return receiving().awaitReadable(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean readable() {
        return in != null;
    }

    @Override
    public boolean writable() {
        return out != null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MappedRing r : new MappedRing[] {in, out}) {
            if (r != null) {
                r.closeEnd(r == out);
                if (r.bothEndsClosed()) {
                    r.unlink();
                }
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private MappedRing sending() {
        checkOpen();
        checkNotGone();
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives (it is Python's conn1, left())");
        }
        return out;
    }

    private MappedRing receiving() {
        checkOpen();
        checkNotGone();
        if (in == null) {
            throw new IllegalStateException("this end of a one-way pipe only sends (it is Python's conn2, right())");
        }
        return in;
    }

    private void checkNotGone() {
        if (gone) {
            throw new ClosedException("end of stream: the pipe was closed at both ends, or its creator exited,"
                    + " before this end reached this process");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("connection is closed in this process");
        }
    }

    @Override
    public String toString() {
        return "Connection[" + (in == null ? "" : "in=" + in.path().getFileName())
                + (out == null ? "" : (in == null ? "" : ", ") + "out=" + out.path().getFileName())
                + (closed ? ", closed" : "") + "]";
    }

    /** How a connection travels to another JVM: the paths of its rings. */
    public static final class Wire extends Serializer<RingConnection> {
        public Wire() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, RingConnection c) {
            output.writeString(c.in == null ? null : c.in.path().toString());
            output.writeString(c.out == null ? null : c.out.path().toString());
        }

        @Override
        public RingConnection read(Kryo kryo, Input input, Class<? extends RingConnection> type) {
            String in = input.readString();
            String out = input.readString();
            try {
                return new RingConnection(in == null ? null : MappedRing.open(Paths.get(in)),
                        out == null ? null : MappedRing.open(Paths.get(out)));
            } catch (ClosedException gone) {
                return new RingConnection(null, null, true);
            }
        }
    }
}
