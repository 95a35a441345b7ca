package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.ipc.JoinableQueue;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The queue handle of {@code Ipc.queue()}, {@code Ipc.joinableQueue()} and {@code Ipc.simpleQueue()}: a
 * {@link MappedRing} in this JVM's runtime directory plus the item encoding ({@link PlainFormat}). Encoded for another JVM as the ring's
 * path; decoding maps the same file there.
 */
@DefaultSerializer(MappedQueue.Wire.class)
public final class MappedQueue<E> extends AbstractQueue<E> implements JoinableQueue<E> {
    /** Kind of handle, as Python's three classes. */
    public static final int QUEUE = 0;
    public static final int JOINABLE = 1;
    public static final int SIMPLE = 2;

    /** Slots of an unbounded queue's ring: 16384 × 64 bytes, 1 MiB of small items. */
    public static final int DEFAULT_SLOTS = 1 << 14;
    private static final int SLOT_SHIFT = 6;
    private static final int MAX_SLOTS = 1 << 20;
    private static final int KEEP_OUTPUT = 1 << 20;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Null when the queue's file was already gone when this JVM attached: the queue was shut down. */
    private final MappedRing ring;
    private final String path;
    private final int kind;
    private final boolean creator;
    private volatile boolean closed;
    /**
     * The last thread's {@link Scratch}, so a thread that puts or takes in a loop skips the thread-local
     * lookup. Read and written racily: {@link Scratch#owner} is final, and a thread uses only its own.
     */
    private Scratch last;

    private MappedQueue(MappedRing ring, String path, int kind, boolean creator) {
        this.ring = ring;
        this.path = path;
        this.kind = kind;
        this.creator = creator;
    }

    /** Creates a queue in this JVM's runtime directory; {@code maxsize} 0 means unbounded. */
    public static <E> MappedQueue<E> create(int kind, int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize < 0: " + maxsize);
        }
        int slots = DEFAULT_SLOTS;
        while (slots < maxsize && slots < MAX_SLOTS) {
            slots <<= 1;
        }
        Path path = RuntimeDir.newPath("queue-", ".ring");
        MappedRing ring = MappedRing.create(path, slots, SLOT_SHIFT, maxsize);
        return new MappedQueue<>(ring, path.toString(), kind, true);
    }

    /**
     * The handle for a JVM that received one. If the creator already shut the queue down and removed its
     * file, the handle behaves as a shut-down, empty queue: puts and takes throw {@link
     * io.github.multiprocessing4j.ipc.ClosedException}, so a late worker ends as an early one would.
     */
    static <E> MappedQueue<E> attach(String path, int kind) {
        MappedRing ring = null;
        try {
            ring = MappedRing.open(Paths.get(path));
        } catch (io.github.multiprocessing4j.ipc.ClosedException gone) {
            // shut down before this JVM attached
        }
        return new MappedQueue<>(ring, path, kind, false);
    }

    private MappedRing ring() {
        if (ring == null) {
            throw new io.github.multiprocessing4j.ipc.ClosedException("the queue was closed by its creator before"
                    + " this process attached (" + Paths.get(path).getFileName() + " no longer exists)");
        }
        return ring;
    }

    // ------------------------------------------------------------------------------ put

    @Override
    public void put(E e) throws InterruptedException {
        offer(e, -1);
    }

    @Override
    public boolean offer(E e) {
        try {
            return offer(e, 0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        return offer(e, Math.max(0, unit.toNanos(timeout)));
    }

    private boolean offer(E e, long timeoutNanos) throws InterruptedException {
        Objects.requireNonNull(e, "a queue item cannot be null (use a sentinel object where Python puts None)");
        checkOpen();
        Scratch s = scratch();
        Output out = s.out;
        out.reset();
        try {
            PlainFormat.write(out, e);
            return ring().offer(out.getBuffer(), 0, out.position(), timeoutNanos, kind == JOINABLE);
        } finally {
            if (out.getBuffer().length > KEEP_OUTPUT) {
                s.out = new Output(4096, -1);
            }
        }
    }

    private Scratch scratch() {
        Scratch s = last;
        if (s == null || s.owner != Thread.currentThread()) {
            s = SCRATCH.get();
            last = s;
        }
        return s;
    }

    /** One thread's encoding buffers; only that thread uses them. */
    private static final class Scratch {
        final Thread owner = Thread.currentThread();
        Output out = new Output(4096, -1);
        final Input in = new Input();
    }

    // ------------------------------------------------------------------------------ take

    @Override
    public E take() throws InterruptedException {
        return poll(-1);
    }

    @Override
    public E poll() {
        try {
            return poll(0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(Math.max(0, unit.toNanos(timeout)));
    }

    @SuppressWarnings("unchecked")
    private E poll(long timeoutNanos) throws InterruptedException {
        checkOpen();
        MappedRing.Received r = ring().poll(timeoutNanos);
        if (r == null) {
            return null;
        }
        Input in = scratch().in;
        in.setBuffer(r.array(), 0, r.length);
        return (E) PlainFormat.read(in);
    }

    @Override
    public E peek() {
        throw new UnsupportedOperationException("peek() is not supported by a queue shared between processes:"
                + " another process may take the item first; use poll()");
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c, "c");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int n = 0;
        while (n < maxElements) {
            E e = poll();
            if (e == null) {
                break;
            }
            c.add(e);
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------ state

    @Override
    public int size() {
        checkOpen();
        return ring == null ? 0 : (int) Math.min(Integer.MAX_VALUE, ring.count());
    }

    @Override
    public boolean isEmpty() {
        checkOpen();
        return ring == null || ring.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        checkOpen();
        if (ring == null) {
            return 0;
        }
        long max = ring.maxItems();
        return max == 0 ? Integer.MAX_VALUE : (int) Math.max(0, max - ring.count());
    }

    @Override
    public Iterator<E> iterator() {
        throw unsupported("iterator()");
    }

    @Override
    public boolean contains(Object o) {
        throw unsupported("contains(Object)");
    }

    @Override
    public boolean remove(Object o) {
        throw unsupported("remove(Object)");
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw unsupported("removeAll(Collection)");
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw unsupported("retainAll(Collection)");
    }

    @Override
    public Object[] toArray() {
        throw unsupported("toArray()");
    }

    @Override
    public <T> T[] toArray(T[] a) {
        throw unsupported("toArray(T[])");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not supported by a queue shared between processes:"
                + " other processes change it during any traversal; use poll()/drainTo()");
    }

    // ------------------------------------------------------------------------------ joinable

    @Override
    public void taskDone() {
        checkJoinable("taskDone()");
        checkOpen();
        ring().taskDone();
    }

    @Override
    public void join() throws InterruptedException {
        checkJoinable("join()");
        checkOpen();
        ring().awaitAllDone(-1);
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        checkJoinable("join(Duration)");
        checkOpen();
        return ring().awaitAllDone(Math.max(0, timeout.toNanos()));
    }

    @Override
    public long unfinishedTasks() {
        checkJoinable("unfinishedTasks()");
        return ring == null ? 0 : ring.unfinished();
    }

    private void checkJoinable(String what) {
        if (kind != JOINABLE) {
            throw new UnsupportedOperationException(what + " needs a JoinableQueue (Ipc.joinableQueue()); this is "
                    + (kind == SIMPLE ? "a SimpleQueue" : "a Queue"));
        }
    }

    // ------------------------------------------------------------------------------ close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (creator && ring != null) {
            ring.shutdown();
            ring.unlink();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("queue is closed in this process: " + Paths.get(path).getFileName());
        }
    }

    @Override
    public String toString() {
        return (kind == JOINABLE ? "JoinableQueue" : kind == SIMPLE ? "SimpleQueue" : "Queue") + "["
                + Paths.get(path).getFileName() + (ring == null || ring.maxItems() == 0 ? "" : ", maxsize=" + ring.maxItems())
                + (closed ? ", closed" : "") + "]";
    }

    /** How a queue handle travels to another JVM: the ring's path and the kind of handle. */
    public static final class Wire extends Serializer<MappedQueue<?>> {
        public Wire() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, MappedQueue<?> q) {
            output.writeString(q.path);
            output.writeByte(q.kind);
        }

        @Override
        public MappedQueue<?> read(Kryo kryo, Input input, Class<? extends MappedQueue<?>> type) {
            String path = input.readString();
            int kind = input.readByte();
            return attach(path, kind);
        }
    }
}
