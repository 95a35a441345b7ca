package io.github.multiprocessing4j;

/**
 * The peer of a channel did not prove it knows the shared secret (Python's
 * {@code multiprocessing.AuthenticationError}). No byte from that peer was decoded.
 */
public class AuthenticationException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
