package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.SerializableBiFunction;
import io.github.multiprocessing4j.SerializableFunction;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * A dict hosted by a {@link Manager}: Python's {@code DictProxy}. Every method is one round trip to the
 * server; the server runs it under the dict's lock, so {@code putIfAbsent}, {@code compute},
 * {@code computeIfAbsent}, {@code merge} and the rest are atomic across all processes.
 *
 * <p>Like Python's dict it keeps insertion order and accepts {@code null} keys and values, so
 * {@code toString()} prints {@code {1=1, 2=2, 0.25=null}} in insertion order. Keys and values are copied
 * to the server (they must be encodable); a proxy stored as a value stays a proxy.
 *
 * <p>Views ({@code keySet}, {@code values}, {@code entrySet}) and iterators are read-only snapshots
 * taken in one round trip, as Python's {@code keys()} returns a list: they do not write through.
 *
 * <p>The functions given to {@code compute} and friends run on the server, so they travel there: the
 * {@code Serializable*} overloads are chosen for a lambda when the variable is a {@code DictProxy};
 * a lambda that is not serializable fails in the caller's thread with an
 * {@link io.github.multiprocessing4j.EncodingException} saying so.
 *
 * <p>Memory consistency: a call returns after the server applied it, so actions before a call in one
 * process happen-before the effects seen by any later call, from any process, that observes its result.
 * A proxy may be used from any thread, and captured by a process target or task.
 */
public interface DictProxy<K, V> extends ConcurrentMap<K, V> {
    /** Atomically on the server, as {@link Map#compute}. */
    V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /** Atomically on the server, as {@link Map#computeIfAbsent}. */
    V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping);

    /** Atomically on the server, as {@link Map#computeIfPresent}. */
    V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /** Atomically on the server, as {@link Map#merge}. */
    V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping);

    /**
     * Stores {@code value} under {@code key} without waiting for the server: Python's {@code d[key] = value},
     * which returns nothing, where {@link #put} waits for the previous value. It returns once the request
     * is written to this thread's connection (a few microseconds; a full socket buffer blocks it).
     *
     * <p>Ordering: this thread's calls to this manager, pipelined or not, are applied in the order it made
     * them; its next waited-for call (any method but {@code set}, on any object of this manager) returns
     * only after every earlier {@code set} was applied, and so do {@link Manager#close()} and this JVM's
     * normal exit (a shutdown hook waits up to 2 s). Other threads and processes see a {@code set} once it
     * is applied: to publish it, make one waited-for call afterwards ({@code d.size()}, say) or end the
     * process.
     *
     * <p>Errors: a key or value that cannot be encoded fails here, in the caller's thread. A failure on
     * the server (a class missing there, a manager that is gone) is thrown, as a
     * {@link io.github.multiprocessing4j.MultiprocessingException} wrapping it, by this thread's next
     * waited-for call to this manager; the first such failure is reported, later ones until then are
     * dropped. If the thread makes no further call, it is printed on stderr at exit.
     */
    void set(K key, V value);

    /** A plain copy of the whole dict, in one round trip (Python's {@code d.copy()}). */
    Map<K, V> copy();
}
