package io.github.multiprocessing4j.ipc;

import static io.github.multiprocessing4j.ipc.internal.EventLayout.FLAG_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.EventLayout.WAIT_SET_OFFSET;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.EventLayout;
import io.github.multiprocessing4j.ipc.internal.Region;
import io.github.multiprocessing4j.ipc.internal.WaitSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A flag shared between JVMs that threads can wait for: Python's {@code multiprocessing.Event}, made by
 * {@link Ipc#event()}. Python's {@code wait} is {@link #await} here ({@code Object.wait} is taken).
 *
 * <pre>{@code
 * Event ready = Ipc.event();
 * new JvmProcess(() -> { prepare(); ready.set(); }).start();
 * ready.await();
 * }</pre>
 *
 * <p>A waiter spins a few microseconds, then sleeps without CPU; {@link #set()} wakes every waiter of
 * every JVM within microseconds.
 *
 * <p>Memory consistency: everything a thread did before {@code set()} happens-before the return of an
 * {@code await} or {@code isSet} that sees the flag set.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
public final class Event implements KryoSerializable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Region region;
    private transient WaitSet waitSet;

    private Event(Region region) {
        bind(region);
    }

    static Event create() {
        Region r = Region.create("event-", EventLayout.BYTES);
        WaitSet.initialize(r.buffer(), WAIT_SET_OFFSET);
        return new Event(r);
    }

    private void bind(Region r) {
        EventLayout.check(r.buffer());
        this.region = r;
        this.waitSet = WaitSet.at(r.buffer(), WAIT_SET_OFFSET);
    }

    /** Sets the flag and wakes every waiter in every JVM. Any thread may call it; it does not block. */
    public void set() {
        LONGS.setVolatile(region.buffer(), FLAG_OFFSET, 1L);
        waitSet.signalAll();
    }

    /** Clears the flag; later {@code await} calls block until the next {@link #set()}. */
    public void clear() {
        LONGS.setVolatile(region.buffer(), FLAG_OFFSET, 0L);
    }

    /** Python's {@code is_set()}. */
    public boolean isSet() {
        return (long) LONGS.getVolatile(region.buffer(), FLAG_OFFSET) != 0;
    }

    /**
     * Blocks until the flag is set. Returns true, as Python's {@code wait()} does.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await() throws InterruptedException {
        return await(null);
    }

    /**
     * Python's {@code wait(timeout)}: blocks until the flag is set or {@code timeout} passes ({@code null}
     * = no limit).
     *
     * @return the flag on return: false only on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return waitSet.await(this::isSet, Timeouts.nanos(timeout));
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, region);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        bind(kryo.readObject(input, Region.class));
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "unset") + ", " + region + "]";
    }
}
