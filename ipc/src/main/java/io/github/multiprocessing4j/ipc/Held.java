package io.github.multiprocessing4j.ipc;

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
    private final Runnable release;
    private boolean closed;

    Held(Runnable release) {
        this.release = release;
    }

    /** Releases the holding, once; later calls do nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
