package io.github.multiprocessing4j;

/**
 * The root of every exception this library throws on its own account (Python's {@code ProcessError}).
 * Exceptions thrown by user tasks are passed through as their own type instead.
 */
public class MultiprocessingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MultiprocessingException(String message) {
        super(message);
    }

    public MultiprocessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
