package io.github.multiprocessing4j.ipc.internal;

import java.nio.ByteBuffer;

/**
 * The bytes of one cross-process lock ({@link Mutex}), native byte order, at an 8-aligned offset.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | owner: long = pid &lt;&lt; 32 | (thread id &amp; 0xFFFFFFFF), 0 = free  |
 *   8  +------------------------------------------------------------+
 *      | hold: long = recovered &lt;&lt; 62 | depth; written by the owner    |
 *      |   depth: holds by the owner (RLock recursion), 62 bits       |
 *      |   recovered: 1 if this holding was taken over from a dead    |
 *      |              process; stale while the lock is free           |
 *  16  +------------------------------------------------------------+
 *      | reserved: long (0)                                           |
 *  24  +------------------------------------------------------------+
 *      | wait set ({@link WaitSetLayout}, {@link WaitSet#BYTES} bytes)  |
 * 280  +------------------------------------------------------------+
 * </pre>
 * {@code owner} is taken with a compare-and-set and given back with a volatile write; {@code hold} is
 * written (whole, by each new owner) only between those two, so plain accesses suffice.
 */
public final class LockLayout {
    /** Offset of the owner word. */
    public static final int OWNER_OFFSET = 0;
    /** Offset of the hold word (depth and recovered bit). */
    public static final int HOLD_OFFSET = 8;
    /** Bit of the hold word set when the holding was taken over from a dead process. */
    public static final long RECOVERED = 1L << 62;
    /** Bits of the hold word that count holds. */
    public static final long DEPTH_MASK = RECOVERED - 1;
    /** Offset of the wait set that waiters sleep on. */
    public static final int WAIT_SET_OFFSET = 24;
    /** Total bytes, a multiple of 8. */
    public static final int BYTES = WAIT_SET_OFFSET + WaitSet.BYTES;

    private LockLayout() {
    }

    /** Owner word of thread {@code threadId} of process {@code pid}; never 0. */
    public static long owner(long pid, long threadId) {
        return (pid << 32) | (threadId & 0xFFFF_FFFFL);
    }

    /** The process id in an owner word. */
    public static long ownerPid(long owner) {
        return owner >>> 32;
    }

    /** The low 32 bits of the thread id in an owner word. */
    public static long ownerThread(long owner) {
        return owner & 0xFFFF_FFFFL;
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
