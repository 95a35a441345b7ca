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
    /** Offset of the state ({@link #FILLING}, {@link #DRAINING}, {@link #RESETTING}, {@link #BROKEN}). */
    public static final int STATE_OFFSET = 0;
    /** Offset of the count of threads inside await(). */
    public static final int COUNT_OFFSET = 8;
    /** Offset of the number of parties. */
    public static final int PARTIES_OFFSET = 16;
    /** Offset of the default timeout in nanoseconds, -1 for none. */
    public static final int TIMEOUT_OFFSET = 24;
    /** Total bytes. */
    public static final int BYTES = 32;

    /** State: parties are arriving. */
    public static final long FILLING = 0;
    /** State: all arrived, the waiters are leaving. */
    public static final long DRAINING = 1;
    /** State: reset while parties waited; they are leaving with an error. */
    public static final long RESETTING = -1;
    /** State: broken until reset. */
    public static final long BROKEN = -2;

    private BarrierLayout() {
    }
}
