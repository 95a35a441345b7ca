package io.github.multiprocessing4j.ipc.internal;

/**
 * The bytes of an {@code Event}, native byte order, from offset 0 of its own region.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | flag: long, 1 = set, 0 = clear; volatile writes and reads    |
 *   8  +------------------------------------------------------------+
 *      | wait set ({@link WaitSet#BYTES} bytes)                       |
 * 264  +------------------------------------------------------------+
 * </pre>
 */
public final class EventLayout {
    /** Offset of the flag. */
    public static final int FLAG_OFFSET = 0;
    /** Offset of the wait set. */
    public static final int WAIT_SET_OFFSET = 8;
    /** Total bytes. */
    public static final int BYTES = WAIT_SET_OFFSET + WaitSet.BYTES;

    private EventLayout() {
    }

    /** Checks that a region holds an event. */
    public static void check(java.nio.ByteBuffer region) {
        if (region.capacity() < BYTES) {
            throw new IllegalArgumentException("an event needs " + BYTES + " bytes but the region holds " + region.capacity());
        }
    }
}
