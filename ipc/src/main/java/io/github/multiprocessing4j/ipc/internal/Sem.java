package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.SemaphoreLayout.BOUND_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.SemaphoreLayout.VALUE_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.SemaphoreLayout.WAIT_SET_OFFSET;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;

/**
 * The engine of {@code Semaphore}, {@code BoundedSemaphore} and the parts of {@code Condition}: a permit
 * count in shared memory, taken by compare-and-set, with a {@link WaitSet} to sleep on.
 *
 * <p>Thread-safety: any thread of any JVM. A release happens-before the acquire that takes its permit.
 * Permits have no owner, so a process that dies holding some does not give them back (as in Python).
 */
public final class Sem {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer region;
    private final int offset;
    private final WaitSet waitSet;

    private Sem(MappedByteBuffer region, int offset) {
        SemaphoreLayout.check(region, offset);
        this.region = region;
        this.offset = offset;
        this.waitSet = WaitSet.at(region, offset + WAIT_SET_OFFSET);
    }

    /** Writes a semaphore with {@code value} permits and at most {@code bound}; once, by the creator. */
    public static void initialize(MappedByteBuffer region, int offset, long value, long bound) {
        SemaphoreLayout.check(region, offset);
        WaitSet.initialize(region, offset + WAIT_SET_OFFSET);
        LONGS.setRelease(region, offset + BOUND_OFFSET, bound);
        LONGS.setVolatile(region, offset + VALUE_OFFSET, value);
    }

    /** A view of the semaphore at {@code offset}, written by {@link #initialize} before. */
    public static Sem at(MappedByteBuffer region, int offset) {
        return new Sem(region, offset);
    }

    /** Takes a permit if one is available. */
    public boolean tryAcquire() {
        long v = (long) LONGS.getVolatile(region, offset + VALUE_OFFSET);
        while (v > 0) {
            long w = (long) LONGS.compareAndExchange(region, offset + VALUE_OFFSET, v, v - 1);
            if (w == v) {
                return true;
            }
            v = w;
        }
        return false;
    }

    /** Takes a permit, waiting at most {@code timeoutNanos} ({@code < 0}: no limit); interrupts end the wait. */
    public boolean acquireInterruptibly(long timeoutNanos) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return waitSet.await(this::tryAcquire, timeoutNanos);
    }

    /** Takes a permit, waiting at most {@code timeoutNanos}; interrupts do not end the wait, the flag is restored. */
    public boolean acquire(long timeoutNanos) {
        if (tryAcquire()) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
                try {
                    return waitSet.await(this::tryAcquire, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Adds a permit and wakes waiters.
     *
     * @return false, changing nothing, if the value is already at its bound
     */
    public boolean release() {
        long bound = (long) LONGS.get(region, offset + BOUND_OFFSET);
        long v = (long) LONGS.getVolatile(region, offset + VALUE_OFFSET);
        while (true) {
            if (v >= bound) {
                return false;
            }
            long w = (long) LONGS.compareAndExchange(region, offset + VALUE_OFFSET, v, v + 1);
            if (w == v) {
                break;
            }
            v = w;
        }
        waitSet.signalAll();
        return true;
    }

    /** Permits available now (a snapshot). */
    public long value() {
        return (long) LONGS.getVolatile(region, offset + VALUE_OFFSET);
    }

    /** The bound given at creation. */
    public long bound() {
        return (long) LONGS.get(region, offset + BOUND_OFFSET);
    }
}
