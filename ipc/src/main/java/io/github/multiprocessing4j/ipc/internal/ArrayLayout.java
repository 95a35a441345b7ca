package io.github.multiprocessing4j.ipc.internal;

/**
 * The bytes of a shared array ({@code Ipc.array(..)}, {@code Ipc.rawArray(..)}), native byte order, from
 * offset 0 of its own region.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | length: long, elements, fixed at creation                    |
 *   8  +------------------------------------------------------------+
 *      | lock ({@link LockLayout}, recursive), only if made with one   |
 *      +------------------------------------------------------------+  dataOffset(locked) = 8 or 288
 *      | element 0 | element 1 | ...  (4 or 8 bytes each, padded to 8) |
 *      +------------------------------------------------------------+
 * </pre>
 */
public final class ArrayLayout {
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the lock, if any. */
    public static final int LOCK_OFFSET = 8;

    private ArrayLayout() {
    }

    /** Offset of element 0. */
    public static int dataOffset(boolean locked) {
        return locked ? LOCK_OFFSET + LockLayout.BYTES : LOCK_OFFSET;
    }

    /** Bytes of an array of {@code length} elements of {@code elementBytes} each. */
    public static long bytes(boolean locked, int length, int elementBytes) {
        if (length < 0) {
            throw new IllegalArgumentException("array length < 0: " + length);
        }
        long data = ((long) length * elementBytes + 7) & ~7L;
        return dataOffset(locked) + Math.max(data, 8);
    }

    /** Checks the length stored in a region against its size. */
    public static void check(java.nio.ByteBuffer region, long length, boolean locked, int elementBytes) {
        if (length < 0 || length > Integer.MAX_VALUE || bytes(locked, (int) length, elementBytes) > region.capacity()) {
            throw new IllegalArgumentException("array region of " + region.capacity() + " bytes cannot hold "
                    + length + " elements of " + elementBytes + " bytes" + (locked ? " and a lock" : ""));
        }
    }
}
