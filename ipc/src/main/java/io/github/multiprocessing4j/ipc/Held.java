package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.ipc.internal.Mutex;

/**
 * A holding of a {@link Lock}, {@link RLock}, {@link Semaphore} or {@link Condition}'s lock, released by
 * {@link #close()}: Python's {@code with lock:}.
 *
 * <pre>{@code
 * try (Held held = counter.getLock().hold()) {
 *     counter.set(counter.get() + 1);
 * }
 * }</pre>
 *
 * <p>Use it from the thread that made it. {@code close()} is idempotent: the second call does nothing.
 */
public final class Held implements AutoCloseable {
    private final Mutex mutex;
    private final Runnable release;
    private boolean closed;

    /** A holding of a lock: {@code close()} releases {@code mutex} itself, with no call in between. */
    Held(Mutex mutex) {
        this.mutex = mutex;
        this.release = null;
    }

    /** A holding of something else (a semaphore's permit): {@code close()} runs {@code release}. */
    Held(Runnable release) {
        this.mutex = null;
        this.release = release;
    }

    /** Releases the holding, once; later calls do nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (mutex != null) {
                mutex.release();
            } else {
                release.run();
            }
        }
    }
}
