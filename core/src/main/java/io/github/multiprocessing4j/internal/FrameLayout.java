package io.github.multiprocessing4j.internal;

import io.github.multiprocessing4j.MultiprocessingException;

/**
 * The layout of one frame on a channel, after the handshake.
 *
 * <pre>
 *   0                   4        5                               13
 *   +-------------------+--------+-------------------------------+------------------------+
 *   | length (int32 BE) |  type  |        id (int64 BE)          |  body (length - 9)     |
 *   +-------------------+--------+-------------------------------+------------------------+
 *   length counts type, id and body; body is one Kryo value, or raw bytes for RAW types.
 * </pre>
 *
 * The length is checked against {@link #maxFrameBytes()} before anything is allocated for the frame;
 * a frame that is too big or too small closes the connection with a message that says which.
 */
public final class FrameLayout {
    /** Bytes before the length-counted part. */
    public static final int LENGTH_SIZE = 4;
    public static final int TYPE_OFFSET = 4;
    public static final int ID_OFFSET = 5;
    public static final int BODY_OFFSET = 13;
    /** The smallest legal value of the length field: a type and an id with an empty body. */
    public static final int MIN_LENGTH = BODY_OFFSET - LENGTH_SIZE;

    /** System property that sets the largest frame, in bytes. */
    public static final String MAX_FRAME_PROPERTY = "mp4j.maxFrameBytes";
    private static final int MAX_FRAME = Integer.getInteger(MAX_FRAME_PROPERTY, 512 << 20);

    private FrameLayout() {
    }

    /** The largest frame either side accepts: 512 MiB unless {@value #MAX_FRAME_PROPERTY} says otherwise. */
    public static int maxFrameBytes() {
        return MAX_FRAME;
    }

    /** Checks a length field read from the wire, before any buffer is sized by it. */
    public static int checkLength(int length, String peer) {
        if (length < MIN_LENGTH) {
            throw new MultiprocessingException("corrupt frame from " + peer + ": length " + length
                    + " < " + MIN_LENGTH + "; closing the connection");
        }
        if (length > MAX_FRAME - LENGTH_SIZE) {
            throw new MultiprocessingException("frame from " + peer + " of " + length + " bytes is larger than"
                    + " the limit of " + (MAX_FRAME - LENGTH_SIZE) + " bytes (-D" + MAX_FRAME_PROPERTY
                    + "); closing the connection");
        }
        return length;
    }

    /** Checks the size of a frame about to be sent, so an oversized value fails in the sender's thread. */
    public static void checkOutgoing(long frameBytes, String what) {
        if (frameBytes > MAX_FRAME) {
            throw new MultiprocessingException(what + " encodes to " + frameBytes + " bytes, more than the frame"
                    + " limit of " + MAX_FRAME + " bytes: send it in parts, put it in shared memory, or raise -D"
                    + MAX_FRAME_PROPERTY + " on both sides");
        }
    }
}
