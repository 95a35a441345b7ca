package io.github.multiprocessing4j.ipc;

import java.time.Duration;

/**
 * A counting semaphore hosted by a {@link Manager}: Python's {@code manager.Semaphore(n)}. Fair; permits
 * may be released by any thread of any process. A blocked {@code acquire} holds a connection and a
 * server thread until it gets its permit.
 */
public interface SemaphoreProxy {
    /** Blocks until a permit is available and takes it. */
    void acquire();

    /** Takes a permit if one is available now. */
    boolean tryAcquire();

    /** Waits at most {@code timeout} for a permit; returns whether it got one. */
    boolean tryAcquire(Duration timeout);

    /** Gives one permit back. */
    void release();

    /** Permits available now. */
    int availablePermits();
}
