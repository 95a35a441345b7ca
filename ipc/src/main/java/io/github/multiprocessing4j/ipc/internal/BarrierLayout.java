package io.github.multiprocessing4j.ipc.internal;

/**
 * The bytes of a {@code Barrier}'s own region (its condition and lock live in others), native byte order.
 * Every field is read and written with the barrier's lock held.
 *
 * <pre>
 *   0  +------------------------------------------------------------+
 *      | state: long, 0 filling, 1 draining, -1 resetting, -2 broken  |
 *   8  +------------------------------------------------------------+
 *      | count: long, threads inside await() now                     |
 *  16  +------------------------------------------------------------+
 *      | parties: long, fixed at creation                             |
 *  24  +------------------------------------------------------------+
 *      | timeout: long, default await timeout in ns, -1 = none        |
 *  32  +------------------------------------------------------------+
 * </pre>
 */
public final class BarrierLayout {
    public static final int STATE_OFFSET = 0;
    public static final int COUNT_OFFSET = 8;
    public static final int PARTIES_OFFSET = 16;
    public static final int TIMEOUT_OFFSET = 24;
    public static final int BYTES = 32;

    public static final long FILLING = 0;
    public static final long DRAINING = 1;
    public static final long RESETTING = -1;
    public static final long BROKEN = -2;

    private BarrierLayout() {
    }
}
