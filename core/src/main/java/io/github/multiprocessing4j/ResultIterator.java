package io.github.multiprocessing4j;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The results of {@link Pool#imap} or {@link Pool#imapUnordered}, as Python's {@code IMapIterator}.
 * {@code next()} blocks until the next result is ready and throws the task's exception if it failed.
 *
 * <p>Not thread-safe: one consumer thread at a time. The input is read lazily from that thread, a
 * bounded number of chunks ahead of what was consumed.
 *
 * @param <R> the result type
 */
public interface ResultIterator<R> extends Iterator<R> {
    /**
     * Like {@link #next()}, waiting at most {@code timeout}.
     *
     * @throws TimeoutException if no result arrived in time; the iterator is still usable
     * @throws java.util.NoSuchElementException if there are no more results
     */
    R next(Duration timeout) throws TimeoutException;
}
