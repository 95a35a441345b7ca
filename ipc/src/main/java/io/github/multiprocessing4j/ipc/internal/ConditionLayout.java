package io.github.multiprocessing4j.ipc.internal;

/**
 * The bytes of a {@code Condition}'s own region (its lock lives in another), native byte order: the
 * three semaphores of CPython's {@code multiprocessing.synchronize.Condition}, each a
 * {@link SemaphoreLayout}.
 *
 * <pre>
 *    0  +------------------------------------------------------------+
 *       | sleeping: semaphore, one permit per thread that began to wait |
 *  272  +------------------------------------------------------------+
 *       | woken: semaphore, one permit per waiter that stopped waiting  |
 *  544  +------------------------------------------------------------+
 *       | wake: semaphore, released by notify once per waiter it wakes  |
 *  816  +------------------------------------------------------------+
 * </pre>
 */
public final class ConditionLayout {
    /** Offset of the semaphore counting threads that began to wait. */
    public static final int SLEEPING_OFFSET = 0;
    /** Offset of the semaphore counting waiters that stopped waiting. */
    public static final int WOKEN_OFFSET = SemaphoreLayout.BYTES;
    /** Offset of the semaphore a signal releases once per waiter it wakes. */
    public static final int WAKE_OFFSET = 2 * SemaphoreLayout.BYTES;
    /** Total bytes. */
    public static final int BYTES = 3 * SemaphoreLayout.BYTES;

    private ConditionLayout() {
    }
}
