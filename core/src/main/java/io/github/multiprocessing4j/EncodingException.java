package io.github.multiprocessing4j;

/**
 * A value could not be encoded for, or decoded from, another JVM: Python's {@code PicklingError}.
 * Thrown in the caller's thread before anything is sent when a task or target cannot be encoded (for
 * the late chunks of a very big {@code map}, by the map, after its first chunks were sent); the message
 * names the offending class and the path by which it was reached.
 */
public class EncodingException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
