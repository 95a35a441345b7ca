package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.MultiprocessingException;

/**
 * The other side of a queue or pipe is gone, so a call that would wait for it can never succeed:
 * a {@code take} on an empty queue whose creator closed it or exited, a {@code recv} on a connection
 * whose other end was closed (Python's {@code EOFError}), a {@code send} to a connection whose other end
 * was closed (Python's {@code BrokenPipeError}).
 *
 * <p>Using a queue or connection after closing it <em>in the same process</em> is a programming error and
 * throws {@link IllegalStateException} instead, as Python raises {@code ValueError}/{@code OSError}.
 */
public final class ClosedException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    /** @param message names what was closed and by whom */
    public ClosedException(String message) {
        super(message);
    }
}
