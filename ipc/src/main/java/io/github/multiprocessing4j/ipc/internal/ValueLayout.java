package io.github.multiprocessing4j.ipc.internal;

/**
 * The bytes of a shared value ({@code Ipc.value(..)}, {@code Ipc.rawValue(..)}), native byte order, from
 * offset 0 of its own region.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | value: int (4 bytes, then 4 unused), long or double (8)      |
 *   8  +------------------------------------------------------------+
 *      | lock ({@link LockLayout}, recursive), only if made with one   |
 * 288  +------------------------------------------------------------+
 * </pre>
 */
public final class ValueLayout {
    /** Offset of the value. */
    public static final int VALUE_OFFSET = 0;
    /** Offset of the lock, if any. */
    public static final int LOCK_OFFSET = 8;
    /** Bytes of a value without a lock. */
    public static final int RAW_BYTES = 8;
    /** Bytes of a value with its lock. */
    public static final int LOCKED_BYTES = LOCK_OFFSET + LockLayout.BYTES;

    private ValueLayout() {
    }

    /** Bytes of a value with or without its lock. */
    public static int bytes(boolean locked) {
        return locked ? LOCKED_BYTES : RAW_BYTES;
    }
}
