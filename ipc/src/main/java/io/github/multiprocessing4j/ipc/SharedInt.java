package io.github.multiprocessing4j.ipc;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.ValueLayout;
import io.github.multiprocessing4j.ipc.internal.Mutex;
import io.github.multiprocessing4j.ipc.internal.Region;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@code int} shared between JVMs: Python's {@code Value('i', x)} ({@link Ipc#value(int)}) or
 * {@code RawValue} ({@link Ipc#rawValue(int)}), kept in a memory-mapped file. Capture it in a task or
 * {@link io.github.multiprocessing4j.JvmProcess} target to use the same memory in the child.
 *
 * <pre>{@code
 * SharedInt v = Ipc.value(0);
 * v.set(42);                      // Python: v.value = 42
 * int x = v.get();                     // Python: x = v.value
 * }</pre>
 *
 * <p>Each method is one atomic access with the memory effects of the {@code java.util.concurrent.atomic}
 * method of the same name: {@code get} is a volatile read, {@code set} a volatile write, and
 * {@code compareAndSet}, {@code getAndAdd}, {@code addAndGet}, {@code incrementAndGet} and the like are atomic in every JVM that maps it. A compound update such as
 * {@code v.set(v.get() + 1)} is not: hold {@link #getLock()} for it, as in Python.
 *
 * <p>Thread-safety: any thread of any JVM. Lifecycle: the file goes when the creating JVM drops the value
 * or exits (or is killed); memory already mapped in a JVM stays valid there.
 */
public final class SharedInt implements KryoSerializable {
    private static final VarHandle VALUE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private Region region;
    private RLock lock;

    private SharedInt(Region region, boolean locked) {
        bind(region, locked);
    }

    static SharedInt create(int initial, boolean locked) {
        Region r = Region.create("value-", ValueLayout.bytes(locked));
        if (locked) {
            Mutex.initialize(r.buffer(), ValueLayout.LOCK_OFFSET);
        }
        VALUE.setVolatile(r.buffer(), ValueLayout.VALUE_OFFSET, initial);
        return new SharedInt(r, locked);
    }

    private void bind(Region r, boolean locked) {
        if (r.size() < ValueLayout.bytes(locked)) {
            throw new IllegalArgumentException("a shared value needs " + ValueLayout.bytes(locked)
                    + " bytes but " + r + " holds " + r.size());
        }
        this.region = r;
        this.lock = locked ? new RLock(r, ValueLayout.LOCK_OFFSET) : null;
    }

    /** The value (volatile read). Python: {@code v.value}. */
    public int get() {
        return (int) VALUE.getVolatile(region.buffer(), ValueLayout.VALUE_OFFSET);
    }

    /** Sets the value (volatile write). Python: {@code v.value = x}. */
    public void set(int value) {
        VALUE.setVolatile(region.buffer(), ValueLayout.VALUE_OFFSET, value);
    }

    /** Atomically sets the value and returns the old one. */
    public int getAndSet(int value) {
        return (int) VALUE.getAndSet(region.buffer(), ValueLayout.VALUE_OFFSET, value);
    }

    /** Atomically sets {@code update} if the value is {@code expect}; returns whether it did. */
    public boolean compareAndSet(int expect, int update) {
        return VALUE.compareAndSet(region.buffer(), ValueLayout.VALUE_OFFSET, expect, update);
    }

    /** Atomically adds {@code delta}; returns the old value. */
    public int getAndAdd(int delta) {
        return (int) VALUE.getAndAdd(region.buffer(), ValueLayout.VALUE_OFFSET, delta);
    }

    /** Atomically adds {@code delta}; returns the new value. */
    public int addAndGet(int delta) {
        return (int) VALUE.getAndAdd(region.buffer(), ValueLayout.VALUE_OFFSET, delta) + delta;
    }

    /** Atomically adds one; returns the new value. */
    public int incrementAndGet() {
        return addAndGet(1);
    }

    /** Atomically adds one; returns the old value. */
    public int getAndIncrement() {
        return getAndAdd(1);
    }

    /** Atomically subtracts one; returns the new value. */
    public int decrementAndGet() {
        return addAndGet(-1);
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
     * @throws UnsupportedOperationException if it was made without one ({@code Ipc.rawValue})
     */
    public RLock getLock() {
        if (lock == null) {
            throw new UnsupportedOperationException("a raw value has no lock (made by Ipc.rawValue); use Ipc.value for one with getLock()");
        }
        return lock;
    }

    /** Whether it has a lock ({@code Ipc.value}) or not ({@code Ipc.rawValue}). */
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

    /** The value, as Python prints it. */
    @Override
    public String toString() {
        return String.valueOf(get());
    }
}
