package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.ID_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.RUNG;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.SLOT_COUNT;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.SLOT_LIMIT_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.WAITING_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.slot;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.slotOffset;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.slotPid;
import static io.github.multiprocessing4j.ipc.internal.WaitSetLayout.slotThreads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Cross-process wait/notify on state kept in shared memory: a user-space futex.
 *
 * <p>The state itself (a lock word, a queue's indices) lives elsewhere in the mapping; a wait set only
 * lets threads of any JVM sleep until that state may have changed. Protocol, Dekker-style, so no
 * wake-up is lost:
 * <ul>
 *   <li>a waiter checks its condition, spins a few microseconds, then registers (its JVM's slot, then
 *       the waiting count, both with volatile read-modify-writes), re-checks, and only then sleeps;</li>
 *   <li>a signaller first publishes the new state, then calls {@link #signalAll()}, which after a full
 *       fence reads the waiting count (one volatile read when nobody waits) and otherwise rings every
 *       registered JVM not already rung: its own sleepers are unparked directly, other JVMs through
 *       their {@link Bell} (a Unix domain socket), on which one of their sleepers blocks in place of
 *       parking and unparks the others. Rings are coalesced (the
 *       slot's rung bit, cleared by a woken sleeper before it re-checks), so a producer that signals in
 *       a loop makes one system call per wake-up, not one per signal.</li>
 * </ul>
 * A sleeper also re-checks its condition every {@link #RECHECK_NANOS} as a safety net; it uses no CPU
 * in between. Slots of JVMs that died while registered are reclaimed by the next signaller.
 *
 * <p>{@code
 * // creator, once: WaitSet.initialize(region, OFF);
 * WaitSet ws = WaitSet.at(region, OFF);
 * ws.await(() -> (int) COUNT.getVolatile(region, 0) > 0, -1);   // consumer
 * COUNT.getAndAdd(region, 0, 1); ws.signalAll();                 // producer
 * }
 *
 * <p>Thread-safety: a view may be used by any number of threads; views in different JVMs over the same
 * bytes are one wait set.
 */
public final class WaitSet {
    /** Bytes a wait set occupies in a mapped region; a multiple of 8. */
    public static final int BYTES = WaitSetLayout.BYTES;
    /** Longest a sleeper sleeps before re-checking its condition without being signalled. */
    public static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a waiter spins before it sleeps: long enough for a lock hand-off, short on 2 cores. */
    static final long SPIN_NANOS = 5_000;
    /** Sleep between re-checks of a waiter that found every slot taken. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer region;
    /**
     * For {@link #signalAll()}'s reads, made on every put and take of a queue: a put signals a sleeping
     * consumer's wait set until the consumer wakes, and finds its slot already rung.
     */
    private final MappedAccess access;
    private final int offset;

    private WaitSet(MappedByteBuffer region, int offset) {
        this.region = region;
        this.access = MappedAccess.of(region);
        this.offset = offset;
    }

    /**
     * A view over bytes {@code [offset, offset + BYTES)} of {@code region}, which may be mapped in several
     * JVMs. Any thread may call it; it reads nothing yet.
     *
     * @throws IllegalArgumentException if the bytes do not fit or {@code offset} is not 8-aligned
     */
    public static WaitSet at(MappedByteBuffer region, int offset) {
        WaitSetLayout.check(region, offset);
        return new WaitSet(region, offset);
    }

    /**
     * Writes an empty wait set with a fresh random id at {@code offset}. Called once by the creator of the
     * region before any other JVM can see it; the region's publication (e.g. the file path travelling in
     * a task) orders it before every other use.
     */
    public static void initialize(MappedByteBuffer region, int offset) {
        WaitSetLayout.check(region, offset);
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        INTS.setRelease(region, offset + WAITING_OFFSET, 0);
        INTS.setRelease(region, offset + SLOT_LIMIT_OFFSET, 0);
        for (int i = 0; i < SLOT_COUNT; i++) {
            LONGS.setRelease(region, offset + slotOffset(i), 0L);
        }
        LONGS.setVolatile(region, offset + ID_OFFSET, id);
    }

    /**
     * Spins briefly, then sleeps on something the kernel wakes, until {@code condition} is true or the
     * timeout passes. Returns the last value of {@code condition}.
     *
     * <p>{@code condition} is evaluated by the calling thread, any number of times; it must read the
     * shared state with acquire (or volatile) reads. It is true on return only if its last evaluation was.
     * Memory consistency: if {@code condition} reads a value published before a {@link #signalAll()},
     * everything the signaller wrote before publishing it happens-before the return.
     *
     * @param timeoutNanos the longest wait; {@code < 0} waits without limit, {@code 0} checks once
     * @throws InterruptedException if the thread is interrupted before or while sleeping (the flag is
     *     cleared, as by {@link Object#wait()}); it is unregistered first
     */
    public boolean await(BooleanSupplier condition, long timeoutNanos) throws InterruptedException {
        if (condition.getAsBoolean()) {
            return true;
        }
        if (timeoutNanos == 0) {
            return false;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long start = System.nanoTime();
        long spinEnd = start + Math.min(SPIN_NANOS, timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos);
        do {
            Thread.onSpinWait();
            if (condition.getAsBoolean()) {
                return true;
            }
        } while (System.nanoTime() - spinEnd < 0);
        return sleep(condition, timeoutNanos, start);
    }

    private boolean sleep(BooleanSupplier condition, long timeoutNanos, long start) throws InterruptedException {
        Thread me = Thread.currentThread();
        long id = (long) LONGS.getAcquire(region, offset + ID_OFFSET);
        Bell bell = Bell.get();
        boolean belled = bell.enter(id, me);
        int slot = belled ? register() : -1;
        long nap = slot >= 0 ? RECHECK_NANOS : POLL_NANOS;
        try {
            while (true) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                long left = timeoutNanos < 0 ? nap : timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                if (belled) {
                    bell.sleep(Math.min(left, nap));
                } else {
                    LockSupport.parkNanos(this, Math.min(left, nap));
                }
                if (slot >= 0) {
                    clearRung(slot);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            if (slot >= 0) {
                unregister(slot);
            }
            if (belled) {
                bell.exit(id, me);
            }
        }
    }

    /** Counts this thread into its JVM's slot, then into the waiting count. Returns the slot, or -1 if all are taken. */
    private int register() {
        long pid = Bell.pid();
        int free = -1;
        int limit = (int) INTS.getVolatile(region, offset + SLOT_LIMIT_OFFSET);
        for (int i = 0; i < limit; i++) {
            int at = offset + slotOffset(i);
            long v = (long) LONGS.getVolatile(region, at);
            while (v != 0 && slotPid(v) == pid) {
                long witness = (long) LONGS.compareAndExchange(region, at, v, v + 1);
                if (witness == v) {
                    INTS.getAndAdd(region, offset + WAITING_OFFSET, 1);
                    return i;
                }
                v = witness;
            }
            if (v == 0 && free < 0) {
                free = i;
            }
        }
        for (int i = free >= 0 ? free : limit; i < SLOT_COUNT; i++) {
            if (LONGS.compareAndSet(region, offset + slotOffset(i), 0L, slot(pid, 1))) {
                raiseSlotLimit(i + 1);
                INTS.getAndAdd(region, offset + WAITING_OFFSET, 1);
                return i;
            }
        }
        return -1;
    }

    private void raiseSlotLimit(int limit) {
        int at = offset + SLOT_LIMIT_OFFSET;
        int v = (int) INTS.getVolatile(region, at);
        while (v < limit) {
            int w = (int) INTS.compareAndExchange(region, at, v, limit);
            if (w == v) {
                return;
            }
            v = w;
        }
    }

    /** Lets the next signaller ring this JVM again; done before re-checking, so no signal falls in between. */
    private void clearRung(int i) {
        int at = offset + slotOffset(i);
        long v = (long) LONGS.getVolatile(region, at);
        while ((v & RUNG) != 0) {
            long w = (long) LONGS.compareAndExchange(region, at, v, v & ~RUNG);
            if (w == v) {
                return;
            }
            v = w;
        }
    }

    private void unregister(int i) {
        int at = offset + slotOffset(i);
        INTS.getAndAdd(region, offset + WAITING_OFFSET, -1);
        while (true) {
            long v = (long) LONGS.getVolatile(region, at);
            long next = slotThreads(v) <= 1 ? 0L : v - 1;
            if (LONGS.compareAndSet(region, at, v, next)) {
                return;
            }
        }
    }

    /**
     * Wakes every waiter in every JVM so it re-checks its condition. Any thread of any JVM may call it,
     * after publishing the state change; it does not block (a write of 8 bytes to each other waiting
     * JVM's socket). Costs one full fence and one volatile read when nobody waits.
     *
     * <p>Memory consistency: the fence orders the caller's earlier writes before its read of the
     * registry, so the state may be published with any write (plain, release or volatile); waiters must
     * read it with acquire or volatile reads.
     */
    public void signalAll() {
        VarHandle.fullFence();
        if (access.getIntVolatile(offset + WAITING_OFFSET) != 0) {
            ringRegistered();
        }
    }

    /** {@link #signalAll()} once it found waiters: rings each registered JVM not already rung. */
    private void ringRegistered() {
        long id = access.getLongAcquire(offset + ID_OFFSET);
        long me = Bell.pid();
        Bell bell = Bell.get();
        int limit = access.getIntVolatile(offset + SLOT_LIMIT_OFFSET);
        for (int i = 0; i < limit; i++) {
            int at = offset + slotOffset(i);
            long v = access.getLongVolatile(at);
            while (v != 0 && (v & RUNG) == 0) {
                long w = (long) LONGS.compareAndExchange(region, at, v, v | RUNG);
                if (w == v) {
                    wake(at, v | RUNG, id, me, bell);
                    break;
                }
                v = w;
            }
        }
    }

    /** Wakes the JVM of slot value {@code rung} (with its rung bit set by this thread). */
    private void wake(int at, long rung, long id, long me, Bell bell) {
        long pid = slotPid(rung);
        if (pid == me) {
            bell.wakeLocal(id);
        } else if (!bell.ring(pid, id)) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                LONGS.compareAndSet(region, at, rung, rung & ~RUNG); // let the next signaller try again
            } else {
                reclaim(at, rung);
            }
        }
    }

    /** Frees the slot of a JVM that died while some of its threads were registered. */
    private void reclaim(int at, long v) {
        if (LONGS.compareAndSet(region, at, v, 0L)) {
            INTS.getAndAdd(region, offset + WAITING_OFFSET, -slotThreads(v));
        }
    }

    @Override
    public String toString() {
        return "WaitSet[offset=" + offset + ", waiting=" + (int) INTS.getVolatile(region, offset + WAITING_OFFSET) + "]";
    }
}
