package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.SerializableFunction;

/**
 * A single value hosted by a {@link Manager}: Python's {@code manager.Value(typecode, value)}. Each call
 * is one atomic round trip; {@link #updateAndGet} runs its function on the server under the value's
 * lock, so {@code v.updateAndGet(x -> x + 1)} from many processes loses no update.
 *
 * <p>Unlike {@code Ipc.value(..)} (shared memory, nanoseconds) this costs a round trip per call, but
 * holds any encodable object and works across machines.
 */
public interface ValueProxy<T> {
    /** The current value ({@code v.value}). */
    T get();

    /** Replaces the value ({@code v.value = x}). */
    void set(T value);

    /** Replaces the value and returns the previous one. */
    T getAndSet(T value);

    /** Sets {@code value} if the current value {@code equals} {@code expected}; returns whether it did. */
    boolean compareAndSet(T expected, T value);

    /** Applies {@code fn} on the server, atomically, and returns the new value. */
    T updateAndGet(SerializableFunction<T, T> fn);

    /** Applies {@code fn} on the server, atomically, and returns the previous value. */
    T getAndUpdate(SerializableFunction<T, T> fn);
}
