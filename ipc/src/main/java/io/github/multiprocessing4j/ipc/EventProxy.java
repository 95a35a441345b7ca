package io.github.multiprocessing4j.ipc;

import java.time.Duration;

/**
 * An event hosted by a {@link Manager}: Python's {@code manager.Event()}. A waiting call holds one
 * connection and one server thread until the event is set.
 *
 * <p>Memory consistency: actions before {@link #set()} in one process happen-before a wait that returns
 * because of it.
 */
public interface EventProxy {
    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /** Whether the flag is set. */
    boolean isSet();

    /** Blocks until the flag is set. */
    void await();

    /**
     * Blocks until the flag is set or {@code timeout} passes.
     *
     * @return true if set, false on timeout (Python's {@code wait(timeout)} result)
     */
    boolean await(Duration timeout);
}
