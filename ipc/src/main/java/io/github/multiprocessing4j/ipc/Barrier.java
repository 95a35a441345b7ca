package io.github.multiprocessing4j.ipc;

import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.BROKEN;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.COUNT_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.DRAINING;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.FILLING;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.PARTIES_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.RESETTING;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.STATE_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.BarrierLayout.TIMEOUT_OFFSET;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.SerializableRunnable;
import io.github.multiprocessing4j.ipc.internal.BarrierLayout;
import io.github.multiprocessing4j.ipc.internal.Region;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A barrier for a fixed number of threads across JVMs: Python's {@code multiprocessing.Barrier}, made by
 * {@link Ipc#barrier(int)}. It is CPython's {@code threading.Barrier} algorithm over a shared
 * {@link Condition}; it can be used again once all parties have passed. Python's {@code wait} is
 * {@link #await} here.
 *
 * <pre>{@code
 * Barrier start = Ipc.barrier(3);
 * // in each of 3 processes:
 * int arrival = start.await();   // 0, 1 or 2
 * }</pre>
 *
 * <p>The barrier breaks, and every current and later {@code await} throws {@link BarrierBrokenException}
 * until {@link #reset()}, when {@link #abort()} is called, an {@code await} times out, a waiter is
 * interrupted, or the action throws.
 *
 * <p>Memory consistency: everything a party did before {@code await} happens-before every party's return
 * from that {@code await}.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
@SuppressWarnings("try") // try (Held held = cond.hold()) is Python's "with cond:"; the body need not name it
public final class Barrier implements KryoSerializable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Condition cond;
    private Region region;
    private SerializableRunnable action;

    private Barrier(Condition cond, Region region, SerializableRunnable action) {
        this.cond = cond;
        this.region = region;
        this.action = action;
    }

    static Barrier create(int parties, SerializableRunnable action, Duration timeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("barrier parties < 1: " + parties);
        }
        Region r = Region.create("barrier-", BarrierLayout.BYTES);
        LONGS.set(r.buffer(), PARTIES_OFFSET, (long) parties);
        LONGS.set(r.buffer(), TIMEOUT_OFFSET, Timeouts.nanos(timeout));
        LONGS.setVolatile(r.buffer(), STATE_OFFSET, FILLING);
        return new Barrier(Condition.create(RLock.create()), r, action);
    }

    private long get(int offset) {
        return (long) LONGS.get(region.buffer(), offset);
    }

    private void set(int offset, long value) {
        LONGS.set(region.buffer(), offset, value);
    }

    /** Waits with the default timeout given at creation (none by default). */
    public int await() throws InterruptedException {
        long t = get(TIMEOUT_OFFSET);
        return await(t < 0 ? null : Duration.ofNanos(t));
    }

    /**
     * Python's {@code wait(timeout)}: waits until all parties have called it.
     *
     * @param timeout longest wait ({@code null} = no limit); when it passes the barrier breaks
     * @return this party's arrival index: 0 for the first arrival up to {@code parties() - 1} for the
     *     last, as in Python
     * @throws BarrierBrokenException if the barrier is broken, or breaks (abort, reset, timeout, failed action)
     * @throws InterruptedException if interrupted while waiting; the barrier breaks for the others
     */
    public int await(Duration timeout) throws InterruptedException {
        try (Held held = cond.hold()) {
            enter();
            long index = get(COUNT_OFFSET);
            set(COUNT_OFFSET, index + 1);
            try {
                if (index + 1 == get(PARTIES_OFFSET)) {
                    releaseAll();
                } else {
                    waitForRelease(timeout);
                }
                return (int) index;
            } finally {
                set(COUNT_OFFSET, get(COUNT_OFFSET) - 1);
                exit();
            }
        }
    }

    private void enter() throws InterruptedException {
        while (get(STATE_OFFSET) == RESETTING || get(STATE_OFFSET) == DRAINING) {
            cond.await();
        }
        if (get(STATE_OFFSET) < 0) {
            throw new BarrierBrokenException("barrier is broken (aborted, or a party timed out or was interrupted)");
        }
    }

    private void releaseAll() {
        try {
            if (action != null) {
                action.run();
            }
            set(STATE_OFFSET, DRAINING);
            cond.signalAll();
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        }
    }

    private void waitForRelease(Duration timeout) throws InterruptedException {
        boolean released;
        try {
            released = cond.waitFor(() -> get(STATE_OFFSET) != FILLING, timeout);
        } catch (InterruptedException e) {
            breakBarrier();
            throw e;
        }
        if (!released) {
            breakBarrier();
            throw new BarrierBrokenException("barrier wait timed out after " + timeout + " with "
                    + get(COUNT_OFFSET) + " of " + get(PARTIES_OFFSET) + " parties waiting");
        }
        if (get(STATE_OFFSET) < 0) {
            throw new BarrierBrokenException("barrier was " + (get(STATE_OFFSET) == RESETTING ? "reset" : "aborted")
                    + " while waiting");
        }
    }

    private void exit() {
        if (get(COUNT_OFFSET) == 0) {
            long state = get(STATE_OFFSET);
            if (state == RESETTING || state == DRAINING) {
                set(STATE_OFFSET, FILLING);
                cond.signalAll();
            }
        }
    }

    /**
     * Returns the barrier to its initial state; threads waiting in it now get {@link BarrierBrokenException}.
     * Any thread of any JVM may call it.
     */
    public void reset() {
        try (Held held = cond.hold()) {
            if (get(COUNT_OFFSET) > 0) {
                long state = get(STATE_OFFSET);
                if (state == FILLING || state == BROKEN) {
                    set(STATE_OFFSET, RESETTING);
                }
            } else {
                set(STATE_OFFSET, FILLING);
            }
            cond.signalAll();
        }
    }

    /** Breaks the barrier: current and later {@code await} calls throw until {@link #reset()}. */
    public void abort() {
        try (Held held = cond.hold()) {
            breakBarrier();
        }
    }

    private void breakBarrier() {
        set(STATE_OFFSET, BROKEN);
        cond.signalAll();
    }

    /** Number of threads needed to pass. */
    public int parties() {
        return (int) get(PARTIES_OFFSET);
    }

    /** Python's {@code n_waiting}: threads waiting in it now (0 while draining or broken). */
    public int nWaiting() {
        try (Held held = cond.hold()) {
            return get(STATE_OFFSET) == FILLING ? (int) get(COUNT_OFFSET) : 0;
        }
    }

    /** Python's {@code broken}. */
    public boolean isBroken() {
        try (Held held = cond.hold()) {
            return get(STATE_OFFSET) == BROKEN;
        }
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, cond);
        kryo.writeObject(output, region);
        kryo.writeClassAndObject(output, action);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        cond = kryo.readObject(input, Condition.class);
        region = kryo.readObject(input, Region.class);
        action = (SerializableRunnable) kryo.readClassAndObject(input);
    }

    @Override
    public String toString() {
        return "Barrier[parties=" + parties() + ", " + region + "]";
    }
}
