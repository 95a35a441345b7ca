package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.MultiprocessingException;

/**
 * Python's {@code threading.BrokenBarrierError}: thrown by {@link Barrier#await} when the barrier is or
 * becomes broken (aborted, reset while waiting, a wait timed out, or the action failed).
 */
public final class BarrierBrokenException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message says why the barrier broke. */
    public BarrierBrokenException(String message) {
        super(message);
    }
}
