package io.github.multiprocessing4j.ipc.internal;

import java.nio.ByteBuffer;

/**
 * The bytes of one cross-process counting semaphore ({@link Sem}), native byte order, 8-aligned.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | value: long, permits available; changed only by CAS/getAndAdd |
 *   8  +------------------------------------------------------------+
 *      | bound: long, the most value may reach (Long.MAX_VALUE = none)|
 *  16  +------------------------------------------------------------+
 *      | wait set ({@link WaitSet#BYTES} bytes)                       |
 * 272  +------------------------------------------------------------+
 * </pre>
 */
public final class SemaphoreLayout {
    /** Offset of the permit count. */
    public static final int VALUE_OFFSET = 0;
    /** Offset of the bound. */
    public static final int BOUND_OFFSET = 8;
    /** Offset of the wait set. */
    public static final int WAIT_SET_OFFSET = 16;
    /** Total bytes, a multiple of 8. */
    public static final int BYTES = WAIT_SET_OFFSET + WaitSet.BYTES;

    private SemaphoreLayout() {
    }

    /** Checks that a semaphore fits at {@code offset} of {@code region}. */
    public static void check(ByteBuffer region, int offset) {
        if ((offset & 7) != 0 || offset < 0 || (long) offset + BYTES > region.capacity()) {
            throw new IllegalArgumentException("semaphore at offset " + offset + " (needs 8-alignment and " + BYTES
                    + " bytes) does not fit a region of " + region.capacity() + " bytes");
        }
    }
}
