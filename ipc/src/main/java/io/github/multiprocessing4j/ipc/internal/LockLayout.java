package io.github.multiprocessing4j.ipc.internal;

import java.nio.ByteBuffer;

/**
 * The bytes of one cross-process lock ({@link Mutex}), native byte order, at an 8-aligned offset.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | owner: long = pid &lt;&lt; 32 | sleepers &lt;&lt; 31 | thread id (31 bits) |
 *      |        0 = free                                              |
 *   8  +------------------------------------------------------------+
 *      | reserved: 16 bytes (0)                                       |
 *  24  +------------------------------------------------------------+
 *      | wait set ({@link WaitSetLayout}, {@link WaitSet#BYTES} bytes)  |
 * 280  +------------------------------------------------------------+
 * </pre>
 * {@code owner} is taken with a compare-and-set and given back with a volatile write or get-and-set.
 * {@code sleepers} is set by a waiter (compare-and-set) before it may sleep; the release that clears it
 * signals the wait set, futex style. Hold counts and the recovered flag are per JVM, not here.
 */
public final class LockLayout {
    /** Offset of the owner word. */
    public static final int OWNER_OFFSET = 0;
    /** Bit of the owner word saying that waiters may sleep: the release must signal. */
    public static final long SLEEPERS = 1L << 31;
    /** Offset of the wait set that waiters sleep on. */
    public static final int WAIT_SET_OFFSET = 24;
    /** Total bytes, a multiple of 8. */
    public static final int BYTES = WAIT_SET_OFFSET + WaitSet.BYTES;

    private LockLayout() {
    }

    /** Owner word of thread {@code threadId} of process {@code pid}, sleepers bit clear; never 0. */
    public static long owner(long pid, long threadId) {
        return (pid << 32) | (threadId & 0x7FFF_FFFFL);
    }

    /** The process id in an owner word. */
    public static long ownerPid(long owner) {
        return owner >>> 32;
    }

    /** The low 31 bits of the thread id in an owner word. */
    public static long ownerThread(long owner) {
        return owner & 0x7FFF_FFFFL;
    }

    /** "thread 12 of process 3456", for messages. */
    public static String describe(long owner) {
        return owner == 0 ? "nobody" : "thread " + ownerThread(owner) + " of process " + ownerPid(owner);
    }

    /** Checks that a lock fits at {@code offset} of {@code region}. */
    public static void check(ByteBuffer region, int offset) {
        if ((offset & 7) != 0 || offset < 0 || (long) offset + BYTES > region.capacity()) {
            throw new IllegalArgumentException("lock at offset " + offset + " (needs 8-alignment and " + BYTES
                    + " bytes) does not fit a region of " + region.capacity() + " bytes");
        }
    }
}
