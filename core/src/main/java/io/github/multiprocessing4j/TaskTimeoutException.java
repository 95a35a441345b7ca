package io.github.multiprocessing4j;

/**
 * A task ran longer than the pool's {@code taskTimeout}. Its worker was killed and replaced, as MPIRE
 * and pebble do and CPython's {@code Pool} does not.
 */
public class TaskTimeoutException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(String message) {
        super(message);
    }
}
