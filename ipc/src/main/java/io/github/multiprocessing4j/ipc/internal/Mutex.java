package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.LockLayout.OWNER_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.SLEEPERS;
import static io.github.multiprocessing4j.ipc.internal.LockLayout.WAIT_SET_OFFSET;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The engine of {@code Lock} and {@code RLock}: a compare-and-set owner word in shared memory, with a
 * {@link WaitSet} to sleep on, futex style: a waiter sets the owner word's {@link LockLayout#SLEEPERS}
 * bit before it may sleep, and only a release that finds the bit signals, so an uncontended acquire and
 * release are one atomic each (a single compare-and-set to acquire). Before that a waiter only polls the
 * owner word, for {@link #SPIN_NANOS}. A waiter that sees the same owner for {@link #DEAD_CHECK_NANOS} checks
 * whether the owner's process still runs and, if not, takes the lock over and marks it recovered.
 *
 * <p>The hold count of an RLock and the recovered flag concern only the owning thread, so they live in
 * this JVM ({@link Region#local}), not in shared memory: fewer shared accesses, which matters because a
 * fresh child JVM runs its first thousands of iterations interpreted, where a VarHandle call costs ~1 µs.
 *
 * <p>Thread-safety: any thread of any JVM. Acquire has the memory effects of a volatile read, release of
 * a volatile write, of the owner word: everything the previous holder wrote before releasing is visible
 * to the next holder.
 */
public final class Mutex {
    static final long DEAD_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How long a waiter polls the owner word before it sleeps: with one holder per core a hand-off then
     * costs a cache-line transfer, not a wake-up (tens of µs); shorter than {@link #DEAD_CHECK_NANOS}.
     */
    static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * Polls spent in {@link Thread#onSpinWait} before the rest of the spin yields the core each time:
     * yielding early measured best with two JVMs on two cores (value_lock loops 136 ms with 10, 165-214
     * ms with 100), as the waiter's core also runs the JIT threads of a fresh JVM.
     */
    private static final int ON_SPIN_WAITS = 10;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long PID = ProcessHandle.current().pid();

    private final MappedByteBuffer region;
    private final int offset;
    private final boolean recursive;
    private final WaitSet waitSet;
    private final Hold hold;

    /** This JVM's part of a holding; written by the holding thread only, after the owner word says so. */
    private static final class Hold {
        long depth;
        boolean recovered;
    }

    private Mutex(Region region, int offset, boolean recursive) {
        LockLayout.check(region.buffer(), offset);
        this.region = region.buffer();
        this.offset = offset;
        this.recursive = recursive;
        this.waitSet = WaitSet.at(region.buffer(), offset + WAIT_SET_OFFSET);
        this.hold = region.local(offset, Hold::new);
    }

    /** Writes a free lock at {@code offset}; once, by the creator. */
    public static void initialize(MappedByteBuffer region, int offset) {
        LockLayout.check(region, offset);
        WaitSet.initialize(region, offset + WAIT_SET_OFFSET);
        LONGS.setVolatile(region, offset + OWNER_OFFSET, 0L);
    }

    /** A view of the lock at {@code offset} of {@code region}; {@code recursive} makes it an RLock. */
    public static Mutex at(Region region, int offset, boolean recursive) {
        return new Mutex(region, offset, recursive);
    }

    /** Whether it is an RLock. */
    public boolean recursive() {
        return recursive;
    }

    static long me() {
        return LockLayout.owner(PID, Thread.currentThread().getId());
    }

    /** One attempt, no waiting. */
    public boolean tryAcquire() {
        long me = me();
        if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, 0L, me)) {
            hold.depth = 1;
            hold.recovered = false;
            return true;
        }
        return recursive && reenter(me);
    }

    /** RLock: one more hold if the calling thread owns it already. */
    private boolean reenter(long me) {
        if (((long) LONGS.getVolatile(region, offset + OWNER_OFFSET) & ~SLEEPERS) == me) {
            hold.depth++;
            return true;
        }
        return false;
    }

    /**
     * Acquires, waiting at most {@code timeoutNanos} ({@code < 0}: no limit). Interrupts do not end the
     * wait; the flag is restored before returning.
     *
     * <p>A waiter first polls the owner word for up to {@link #SPIN_NANOS} (a few {@link Thread#onSpinWait}
     * rounds, then {@link Thread#yield}s, so a runnable thread on its core, such as the holder or a JIT
     * compiler thread, goes first), taking the lock as soon as it reads it free; only then does it set the
     * sleepers bit and sleep on the wait set. A polling waiter leaves the owner word alone, so the holder
     * still releases with one atomic and no signal.
     *
     * @return whether the lock is now held by the calling thread
     */
    public boolean acquire(long timeoutNanos) {
        long me = me();
        if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, 0L, me)) {
            hold.depth = 1;
            hold.recovered = false;
            return true;
        }
        if (recursive && reenter(me)) {
            return true;
        }
        return timeoutNanos != 0 && acquireContended(me, timeoutNanos);
    }

    private boolean acquireContended(long me, long timeoutNanos) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(me, start);
        long spin = timeoutNanos < 0 ? SPIN_NANOS : Math.min(SPIN_NANOS, timeoutNanos);
        for (int i = 0; ; i++) {
            if (attempt.poll()) {
                return true;
            }
            if (System.nanoTime() - start >= spin) {
                break;
            }
            if (i < ON_SPIN_WAITS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        boolean interrupted = false;
        try {
            while (true) {
                long left = timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
                try {
                    return waitSet.await(attempt, left);
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
     * One waiting acquire. {@link #poll()} only reads the owner word until it is free; {@link #getAsBoolean()},
     * the wait set's condition, also marks it as slept on and takes it over if its process stays dead.
     */
    private final class Attempt implements BooleanSupplier {
        private final long me;
        private long seen;
        private long seenSince;

        Attempt(long me, long now) {
            this.me = me;
            this.seenSince = now;
        }

        /** Takes the lock if the owner word reads free; never writes a held one. */
        boolean poll() {
            long v = (long) LONGS.getAcquire(region, offset + OWNER_OFFSET);
            if (v == 0) {
                if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, 0L, me)) {
                    hold.depth = 1;
                    hold.recovered = false;
                    return true;
                }
            } else if ((v & ~SLEEPERS) != (seen & ~SLEEPERS)) {
                seen = v;
                seenSince = System.nanoTime();
            }
            return false;
        }

        @Override
        public boolean getAsBoolean() {
            // Either take the lock or leave the sleepers bit on a held owner word, so that its release signals.
            long v;
            while (true) {
                if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, 0L, me)) {
                    hold.depth = 1;
                    hold.recovered = false;
                    return true;
                }
                v = (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
                if (v == 0) {
                    continue;
                }
                if ((v & SLEEPERS) != 0 || LONGS.compareAndSet(region, offset + OWNER_OFFSET, v, v | SLEEPERS)) {
                    v |= SLEEPERS;
                    break;
                }
            }
            long now = System.nanoTime();
            if ((v & ~SLEEPERS) != (seen & ~SLEEPERS)) {
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
            // keep the sleepers bit: other waiters may sleep on the dead owner too
            if (LONGS.compareAndSet(region, offset + OWNER_OFFSET, v, me | SLEEPERS)) {
                hold.depth = 1;
                hold.recovered = true;
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
        if (recursive) {
            long me = me();
            if (hold.depth > 1 && isMine()) {
                hold.depth--;
                return;
            }
            long v = (long) LONGS.compareAndExchange(region, offset + OWNER_OFFSET, me, 0L);
            if (v == me) {
                return;
            }
            if (v == 0) {
                throw new IllegalMonitorStateException("release of an unlocked RLock");
            }
            if (v != (me | SLEEPERS)) {
                throw new IllegalMonitorStateException("cannot release an RLock held by " + LockLayout.describe(v)
                        + " from " + LockLayout.describe(me));
            }
            LONGS.setVolatile(region, offset + OWNER_OFFSET, 0L); // only the owner writes a set bit away
            waitSet.signalAll();
            return;
        }
        long old = (long) LONGS.getAndSet(region, offset + OWNER_OFFSET, 0L);
        if (old == 0) {
            throw new IllegalMonitorStateException("release of an unlocked Lock");
        }
        if ((old & SLEEPERS) != 0) {
            waitSet.signalAll();
        }
    }

    /** Whether the calling thread holds it. */
    public boolean isMine() {
        return ((long) LONGS.getVolatile(region, offset + OWNER_OFFSET) & ~SLEEPERS) == me();
    }

    /** Whether anyone holds it. */
    public boolean isLocked() {
        return (long) LONGS.getVolatile(region, offset + OWNER_OFFSET) != 0;
    }

    /** The owner word without the sleepers bit, for messages. */
    public long owner() {
        return (long) LONGS.getVolatile(region, offset + OWNER_OFFSET) & ~SLEEPERS;
    }

    /** Holds by the owner (RLock recursion depth); meaningful to the owner. */
    public long depth() {
        return hold.depth;
    }

    /** Whether the current holding was taken over from a dead process; meaningful to the owner. */
    public boolean recovered() {
        return hold.recovered;
    }

    /** Releases every hold of the calling owner and returns how many there were (for Condition.wait). */
    public long releaseAll() {
        long me = me();
        long v = (long) LONGS.getVolatile(region, offset + OWNER_OFFSET);
        if ((v & ~SLEEPERS) != me) {
            throw new IllegalMonitorStateException("cannot wait on a condition whose lock is held by "
                    + LockLayout.describe(v & ~SLEEPERS) + ", not by " + LockLayout.describe(me));
        }
        long depth = recursive ? hold.depth : 1;
        long old = (long) LONGS.getAndSet(region, offset + OWNER_OFFSET, 0L);
        if ((old & SLEEPERS) != 0) {
            waitSet.signalAll();
        }
        return depth;
    }

    /** Re-acquires {@code depth} holds after {@link #releaseAll()}; uninterruptible. */
    public void reacquire(long depth) {
        acquire(-1);
        hold.depth = depth;
    }
}
