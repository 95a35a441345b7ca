package io.github.multiprocessing4j;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Python's {@code multiprocessing.Pool} API, implemented on worker JVMs by {@link ProcessPool} and on
 * threads by {@link ThreadPool}.
 *
 * <pre>{@code
 * try (Pool pool = new ProcessPool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5));
 * }
 * }</pre>
 *
 * <h2>Semantics shared by every implementation</h2>
 * <ul>
 *   <li>Results keep input order in {@code map}, {@code starmap}, {@code imap} and {@code mapAsync};
 *       {@code imapUnordered} yields them as they complete.</li>
 *   <li>{@code map} splits its input into chunks as Python does: by default
 *       {@code ceil(len / (4 * processes))} items each. A chunk fails as a whole when one item
 *       throws.</li>
 *   <li>A task's exception reaches the caller as its own type: rethrown by the blocking methods if it
 *       is unchecked (wrapped in a {@link MultiprocessingException} if checked), and passed to
 *       {@code errorCallback} and the returned future otherwise. Pool failures
 *       ({@link WorkerDiedException}, {@link TaskTimeoutException}, {@link EncodingException}) travel
 *       the same way.</li>
 *   <li>Callbacks run in a pool thread as soon as the result is known, as in Python: keep them short.</li>
 *   <li>Lifecycle: {@link #shutdown()} (Python's {@code close()}) refuses new work and lets queued work
 *       finish; {@link #join()} waits for the workers to exit and may only follow {@code shutdown} or
 *       {@code terminate}; {@link #terminate()} stops at once and fails unfinished work;
 *       {@link #close()} is {@code shutdown(); join()}, the Java convention. Note that Python's
 *       {@code with Pool() as p:} calls {@code terminate()} instead: a try-with-resources block here
 *       waits for queued work.</li>
 * </ul>
 *
 * <p>Memory consistency: actions in a thread before it submits a task happen-before the task's result
 * is made available to any thread that obtains it from the pool. For {@link ProcessPool} the task
 * runs in another JVM on a copy of what it captured; changes it makes to those copies do not come back.
 */
public interface Pool extends AutoCloseable {

    /** Applies {@code fn} to every item, in worker processes or threads, and returns the results in order. */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /** As {@link #map(SerializableFunction, Iterable)}, sending {@code chunksize} items per task. */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

    /** Lazily maps {@code items}, one per task, yielding results in input order (Python's {@code imap}). */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /** As {@link #imap(SerializableFunction, Iterable)}, with {@code chunksize} items per task. */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

    /** Lazily maps {@code items}, yielding results in completion order (Python's {@code imap_unordered}). */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /** As {@link #imapUnordered(SerializableFunction, Iterable)}, with {@code chunksize} items per task. */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                            int chunksize);

    /**
     * Applies a two-argument function to each pair, in order (Python's {@code starmap} over 2-tuples).
     * {@code Map.entry(a, b)} makes a pair; a map's {@code entrySet()} is a ready-made list of them.
     */
    <T, U, R> List<R> starmap(SerializableBiFunction<? super T, ? super U, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends T, ? extends U>> pairs);

    /** Runs one task and waits for its result (Python's {@code apply}). */
    <R> R apply(SerializableCallable<? extends R> task);

    /** Runs one task asynchronously (Python's {@code apply_async}). */
    <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task);

    /**
     * Runs one task asynchronously; {@code callback} gets its result, or {@code errorCallback} its
     * exception, in a pool thread (Python's {@code callback} and {@code error_callback}). Either may be null.
     */
    <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task, Consumer<? super R> callback,
                                        Consumer<? super Throwable> errorCallback);

    /** {@link #map(SerializableFunction, Iterable)} without waiting (Python's {@code map_async}). */
    <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * {@link #map(SerializableFunction, Iterable, int)} without waiting; {@code callback} gets the whole
     * result list, or {@code errorCallback} the first failure. A chunksize below 1 means automatic.
     */
    <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                              int chunksize, Consumer<? super List<R>> callback,
                                              Consumer<? super Throwable> errorCallback);

    /** The number of workers. */
    int processes();

    /** Python's {@code close()}: no new work is accepted; queued work still runs. Idempotent. */
    void shutdown();

    /**
     * Waits until every worker has exited. Call after {@link #shutdown()} or {@link #terminate()}.
     *
     * @throws IllegalStateException if the pool is still running
     */
    void join();

    /** Stops the workers now; unfinished tasks fail with a {@link MultiprocessingException}. Idempotent. */
    void terminate();

    /** {@link #shutdown()} then {@link #join()}: waits for queued work. Idempotent. */
    @Override
    void close();
}
