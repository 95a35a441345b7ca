package io.github.multiprocessing4j;

/**
 * Stands in for an exception thrown in another JVM that could not be rebuilt here as its own type
 * (its class is missing, or it would not decode). Carries what Python's {@code RemoteTraceback} does:
 * the remote class name, message and stack trace as text.
 */
public class RemoteException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;

    public RemoteException(String remoteClassName, String remoteMessage, String remoteStackTrace) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage)
                + "\n--- remote stack trace ---\n" + remoteStackTrace);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The fully qualified class name of the exception thrown in the other JVM. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The message of the remote exception, or null if it had none. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The remote stack trace as printed by {@link Throwable#printStackTrace()} in the other JVM. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
