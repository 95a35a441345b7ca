package io.github.multiprocessing4j.ipc;

import java.util.List;

/**
 * A list hosted by a {@link Manager}: Python's {@code ListProxy}. Each method is one round trip, run
 * under the list's lock on the server, so each is atomic. Elements are copied to the server; a proxy
 * stored as an element stays a proxy.
 *
 * <p>Iterators, {@code subList} and {@code listIterator} work on a read-only snapshot taken in one
 * round trip (they do not write through); use {@link #reverse()} rather than
 * {@code Collections.reverse(proxy)}, which would make one round trip per element.
 *
 * <p>Memory consistency: as {@link DictProxy}.
 */
public interface ListProxy<E> extends List<E> {
    /** Reverses the list in place on the server (Python's {@code l.reverse()}). */
    void reverse();

    /** A plain copy of the whole list, in one round trip ({@code l[:]}). */
    List<E> copy();
}
