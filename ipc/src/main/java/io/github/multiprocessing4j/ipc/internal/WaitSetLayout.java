package io.github.multiprocessing4j.ipc.internal;

import java.nio.ByteBuffer;

/**
 * The bytes of a {@link WaitSet} inside a mapped region, all in native byte order.
 *
 * <pre>
 *  offset
 *   0  +-------------------------------------------------------------+
 *      | id: long, random, written once by initialize(); names this  |
 *      |     wait set in bell messages                               |
 *   8  +------------------------------+------------------------------+
 *      | waiting: int, threads of all | slotLimit: int, 1 + highest   |
 *      | JVMs registered right now    | slot ever used (only grows)   |
 *  16  +------------------------------+------------------------------+
 *      | slot[0]: long = pid << 32 | rung << 31 | threads of that    |
 *      |          pid registered (31 bits); 0 = free                 |
 *  24  | slot[1] ...                                                 |
 *      ...                                                          ...
 * 256  +-------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code waiting} is only the signaller's fast path ("nobody waits"); the slots are the registry.
 * A waiter bumps its slot and raises {@code slotLimit} before {@code waiting}, so a signaller that sees
 * {@code waiting > 0} also sees both. The {@code rung} bit coalesces wake-ups: a signaller sets it before ringing a JVM and skips a
 * JVM whose bit is set; every sleeper of that JVM clears it when it wakes, before it re-checks its
 * condition, so a skipped signal is always seen by a re-check that follows a clear.
 */
public final class WaitSetLayout {
    /** Offset of the random id of the wait set. */
    public static final int ID_OFFSET = 0;
    /** Offset of the int count of registered waiting threads, all JVMs together. */
    public static final int WAITING_OFFSET = 8;
    /** Offset of the int high-water mark of slots in use, so a signaller scans only those. */
    public static final int SLOT_LIMIT_OFFSET = 12;
    /** Offset of the first process slot. */
    public static final int SLOTS_OFFSET = 16;
    /** Bytes per process slot. */
    public static final int SLOT_BYTES = 8;
    /** How many JVMs can sleep on one wait set at the same time; more of them poll instead. */
    public static final int SLOT_COUNT = 30;
    /** Total bytes, a multiple of 8. */
    public static final int BYTES = SLOTS_OFFSET + SLOT_COUNT * SLOT_BYTES;

    private WaitSetLayout() {
    }

    /** Offset of slot {@code i} relative to the start of the wait set. */
    public static int slotOffset(int i) {
        return SLOTS_OFFSET + i * SLOT_BYTES;
    }

    /** The bit of a slot value that says a wake-up for that JVM is under way. */
    public static final long RUNG = 1L << 31;

    /** A slot value for {@code pid} with {@code threads} registered threads, not rung. */
    public static long slot(long pid, int threads) {
        return (pid << 32) | (threads & 0x7FFF_FFFFL);
    }

    /** The pid of a slot value. */
    public static long slotPid(long slot) {
        return slot >>> 32;
    }

    /** The thread count of a slot value. */
    public static int slotThreads(long slot) {
        return (int) (slot & 0x7FFF_FFFFL);
    }

    /**
     * Checks that a wait set fits at {@code offset} of {@code region}.
     *
     * @throws IllegalArgumentException naming the offset, the size needed and the region's capacity
     */
    public static void check(ByteBuffer region, int offset) {
        if (!region.isDirect()) {
            throw new IllegalArgumentException("wait set region is not a direct (mapped) buffer: " + region);
        }
        if (offset < 0 || (offset & 7) != 0) {
            throw new IllegalArgumentException("wait set offset is negative or not 8-aligned: " + offset);
        }
        if ((long) offset + BYTES > region.capacity()) {
            throw new IllegalArgumentException("wait set at offset " + offset + " needs " + BYTES
                    + " bytes but the region holds " + region.capacity());
        }
    }
}
