package io.github.multiprocessing4j.ipc;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.ArrayLayout;
import io.github.multiprocessing4j.ipc.internal.Mutex;
import io.github.multiprocessing4j.ipc.internal.Region;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed-length {@code long} array shared between JVMs: Python's {@code Array('q', ...)}
 * ({@link Ipc#array(long[])}, {@link Ipc#longArray(int)}) or {@code RawArray} ({@link Ipc#rawArray(long[])}),
 * kept in a memory-mapped file. Capture it in a task or {@link io.github.multiprocessing4j.JvmProcess}
 * target to use the same memory in the child.
 *
 * <pre>{@code
 * SharedLongArray a = Ipc.array(new long[] {1, 2, 3});
 * a.set(0, -a.get(0));                     // Python: a[0] = -a[0]
 * long[] copy = a.toArray();                // Python: a[:]
 * }</pre>
 *
 * <p>Element accesses are atomic with the memory effects of {@code java.util.concurrent.atomic}'s array
 * classes: {@code get} is a volatile read, {@code set} a volatile write, the read-modify-writes are
 * atomic in every JVM. The bulk copies {@link #toArray()} and {@link #copyFrom} move elements with
 * plain accesses behind a full fence: each element is read or written whole, the copy as a whole is not
 * atomic; hold {@link #getLock()} for a consistent snapshot.
 *
 * <p>Thread-safety: any thread of any JVM. Lifecycle: the file goes when the creating JVM drops the array
 * or exits (or is killed); memory already mapped in a JVM stays valid there.
 */
public final class SharedLongArray implements KryoSerializable {
    private static final VarHandle ELEMENT = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Region region;
    private RLock lock;
    private transient int length;
    private transient int data;

    private SharedLongArray(Region region, boolean locked) {
        bind(region, locked);
    }

    static SharedLongArray create(int length, boolean locked) {
        Region r = Region.create("array-", ArrayLayout.bytes(locked, length, 8));
        if (locked) {
            Mutex.initialize(r.buffer(), ArrayLayout.LOCK_OFFSET);
        }
        LONGS.setVolatile(r.buffer(), ArrayLayout.LENGTH_OFFSET, (long) length);
        return new SharedLongArray(r, locked);
    }

    static SharedLongArray create(long[] initial, boolean locked) {
        SharedLongArray a = create(initial.length, locked);
        a.copyFrom(initial);
        return a;
    }

    private void bind(Region r, boolean locked) {
        long n = (long) LONGS.getVolatile(r.buffer(), ArrayLayout.LENGTH_OFFSET);
        ArrayLayout.check(r.buffer(), n, locked, 8);
        this.region = r;
        this.length = (int) n;
        this.data = ArrayLayout.dataOffset(locked);
        this.lock = locked ? new RLock(r, ArrayLayout.LOCK_OFFSET) : null;
    }

    private int at(int index) {
        return data + Objects.checkIndex(index, length) * 8;
    }

    /** Number of elements: Python's {@code len(a)}. */
    public int length() {
        return length;
    }

    /** Element {@code index} (volatile read). Python: {@code a[i]}. */
    public long get(int index) {
        return (long) ELEMENT.getVolatile(region.buffer(), at(index));
    }

    /** Sets element {@code index} (volatile write). Python: {@code a[i] = x}. */
    public void set(int index, long value) {
        ELEMENT.setVolatile(region.buffer(), at(index), value);
    }

    /** Atomically sets element {@code index} to {@code update} if it is {@code expect}. */
    public boolean compareAndSet(int index, long expect, long update) {
        return ELEMENT.compareAndSet(region.buffer(), at(index), expect, update);
    }

    /** Atomically adds {@code delta} to element {@code index}; returns the old value. */
    public long getAndAdd(int index, long delta) {
        return (long) ELEMENT.getAndAdd(region.buffer(), at(index), delta);
    }

    /** Atomically adds {@code delta} to element {@code index}; returns the new value. */
    public long addAndGet(int index, long delta) {
        return getAndAdd(index, delta) + delta;
    }

    /** Atomically adds one to element {@code index}; returns the new value. */
    public long incrementAndGet(int index) {
        return addAndGet(index, 1);
    }

    /** A copy of all elements: Python's {@code a[:]}. Full fence, then plain reads. */
    public long[] toArray() {
        long[] out = new long[length];
        VarHandle.fullFence();
        view().get(out);
        return out;
    }

    /**
     * Copies {@code src} into elements {@code [0, src.length)}: Python's {@code a[:len(src)] = src}. Plain
     * writes, then a full fence.
     *
     * @throws IndexOutOfBoundsException if {@code src} is longer than this array
     */
    public void copyFrom(long[] src) {
        copyFrom(src, 0);
    }

    /**
     * Copies {@code src} into elements {@code [index, index + src.length)}. Plain writes, then a full fence.
     *
     * @throws IndexOutOfBoundsException if they do not all fit
     */
    public void copyFrom(long[] src, int index) {
        Objects.checkFromIndexSize(index, src.length, length);
        java.nio.LongBuffer v = view();
        v.position(index);
        v.put(src);
        VarHandle.fullFence();
    }

    private java.nio.LongBuffer view() {
        MappedByteBuffer b = region.buffer();
        return b.duplicate().position(data).limit(data + length * 8).slice().order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /**
     * The value's own recursive lock, for compound updates: Python's {@code get_lock()}.
     *
     * <pre>{@code
     * try (Held held = v.getLock().hold()) {
     *     v.set(v.get() + 1);
     * }
     * }</pre>
     *
     * @throws UnsupportedOperationException if it was made without one ({@code Ipc.rawArray})
     */
    public RLock getLock() {
        if (lock == null) {
            throw new UnsupportedOperationException("a raw array has no lock (made by Ipc.rawArray); use Ipc.array for one with getLock()");
        }
        return lock;
    }

    /** Whether it has a lock ({@code Ipc.array}) or not ({@code Ipc.rawArray}). */
    public boolean hasLock() {
        return lock != null;
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, region);
        output.writeBoolean(lock != null);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        Region r = kryo.readObject(input, Region.class);
        bind(r, input.readBoolean());
    }

    /** The elements, as Python prints {@code a[:]}: {@code [0, -1, -2]}. */
    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
