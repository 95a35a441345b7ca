package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.LockLayout.DEPTH_MASK;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.HOLD_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.OWNER_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.RECOVERED;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.WAIT_SET_OFFSET;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The engine of {@code Lock} and {@code RLock}: a compare-and-set owner word in shared memory, with a
 * {@link WaitSet} to sleep on. A waiter that sees the same owner for {@link #DEAD_CHECK_NANOS} checks
 * whether the owner's process still runs and, if not, takes the lock over and marks it recovered.
 *
 * <p>Thread-safety: any thread of any JVM. Acquire has the memory effects of a volatile read, release of
 * a volatile write, of the owner word: everything the previous holder wrote before releasing is visible
 * to the next holder.
 */
public final class Mutex {
    static final long DEAD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long PID = ProcessHandle.current().pid();

    private final MappedByteBuffer region;
    private final int offset;
    private final boolean recursive;
    private final WaitSet waitSet;

    private Mutex(MappedByteBuffer region, int offset, boolean recursive) {
        LockLayout.check(region, offset);
        this.region = region;
        this.offset = offset;
        this.recursive = recursive;
        this.waitSet = WaitSet.at(region, offset + WAIT_SET_OFFSET);
    }

    /** Writes a free lock at {@code offset}; once, by the creator. */
    public static void initialize(MappedByteBuffer region, int offset) {
        LockLayout.check(region, offset);
        WaitSet.initialize(region, offset + WAIT_SET_OFFSET);
        LONGS.setRelease(region, offset + HOLD_OFFSET, 0L);
        LONGS.setVolatile(region, offset + OWNER_OFFSET, 0L);
    }

    /** A view of the lock at {@code offset}; {@code recursive} makes it an RLock. */
    public static Mutex at(MappedByteBuffer region, int offset, boolean recursive) {
        return new Mutex(region, offset, recursive);
    }

    /** Whether it is an RLock. */
    public boolean recursive() {
        return recursive;
    }

    static long me() {
        return LockLayout.owner(PID, Thread.currentThread().getId());
    }

    /** One attempt, no waiting. (Few VarHandle calls: a fresh child JVM runs this interpreted at first.) */
    public boolean tryAcquire() {
        long me = me();
        long v = (long) LONGS.compareAndExchange(region, offset + OWNER_OFFSET, 0L, me);
        if (v == 0) {
            LONGS.set(region, offset + HOLD_OFFSET, 1L);
            return true;
        }
        if (recursive && v == me) {
            LONGS.set(region, offset + HOLD_OFFSET, (long) LONGS.get(region, offset + HOLD_OFFSET) + 1);
            return true;
        }
        return false;
    }

    /**
     * Acquires, waiting at most {@code timeoutNanos} ({@code < 0}: no limit). Interrupts do not end the
     * wait; the flag is restored before returning.
     *
     * @return whether the lock is now held by the calling thread
     */
    public boolean acquire(long timeoutNanos) {
        if (tryAcquire()) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        Attempt attempt = new Attempt();
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
                try {
                    return waitSet.await(attempt::tryOrRecover, left);
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

    /** Like {@link #acquire(long)} but an interrupt ends the wait with {@link InterruptedException}. */
    public boolean acquireInterruptibly(long timeoutNanos) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return waitSet.await(new Attempt()::tryOrRecover, timeoutNanos);
    }

    /** One waiting acquire: tries the owner word, and takes it over if its process stays dead. */
    private final class Attempt {
        private long seen;
        private long seenSince;

        boolean tryOrRecover() {
            if (tryAcquire()) {
                return true;
            }
            long v = (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
            if (v == 0) {
                return false;
            }
            long now = System.nanoTime();
            if (v != seen) {
                seen = v;
                seenSince = now;
                return false;
            }
            if (now - seenSince < DEAD_CHECK_NANOS) {
                return false;
            }
            seenSince = now;
            long pid = LockLayout.ownerPid(v);
            if (pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
            if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, v, me())) {
                LONGS.set(region, offset + HOLD_OFFSET, RECOVERED | 1L);
                return true;
            }
            return false;
        }
    }

    /**
     * Releases one hold. An RLock must be held by the calling thread; a Lock may be released by any
     * thread of any process, as in Python, but must be held.
     *
     * @throws IllegalMonitorStateException naming the owner, if the lock is free or (RLock) held by another thread
     */
    public void release() {
        long v = (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
        if (v == 0) {
            throw new IllegalMonitorStateException("release of an unlocked " + (recursive ? "RLock" : "Lock"));
        }
        if (recursive) {
            long me = me();
            if (v != me) {
                throw new IllegalMonitorStateException("cannot release an RLock held by " + LockLayout.describe(v)
                        + " from " + LockLayout.describe(me));
            }
            long hold = (long) LONGS.get(region, offset + HOLD_OFFSET);
            if ((hold & DEPTH_MASK) > 1) {
                LONGS.set(region, offset + HOLD_OFFSET, hold - 1);
                return;
            }
        }
        LONGS.setVolatile(region, offset + OWNER_OFFSET, 0L); // the hold word is rewritten by the next owner
        waitSet.signalAll();
    }

    /** Whether the calling thread holds it. */
    public boolean isMine() {
        return (long) LONGS.getVolatile(region, offset + OWNER_OFFSET) == me();
    }

    /** Whether anyone holds it. */
    public boolean isLocked() {
        return (long) LONGS.getVolatile(region, offset + OWNER_OFFSET) != 0;
    }

    /** The owner word, for messages. */
    public long owner() {
        return (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
    }

    /** Holds by the owner (RLock recursion depth); meaningful to the owner. */
    public long depth() {
        return (long) LONGS.get(region, offset + HOLD_OFFSET) & DEPTH_MASK;
    }

    /** Whether the current holding was taken over from a dead process; meaningful to the owner. */
    public boolean recovered() {
        return ((long) LONGS.get(region, offset + HOLD_OFFSET) & RECOVERED) != 0;
    }

    /** Releases every hold of the calling owner and returns how many there were (for Condition.wait). */
    public long releaseAll() {
        long me = me();
        long v = (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
        if (v != me) {
            throw new IllegalMonitorStateException("cannot wait on a condition whose lock is held by "
                    + LockLayout.describe(v) + ", not by " + LockLayout.describe(me));
        }
        long depth = recursive ? depth() : 1;
        LONGS.setVolatile(region, offset + OWNER_OFFSET, 0L);
        waitSet.signalAll();
        return depth;
    }

    /** Re-acquires {@code depth} holds after {@link #releaseAll()}; uninterruptible. */
    public void reacquire(long depth) {
        acquire(-1);
        LONGS.set(region, offset + HOLD_OFFSET, ((long) LONGS.get(region, offset + HOLD_OFFSET) & RECOVERED) | depth);
    }
}
