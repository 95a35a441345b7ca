package io.github.multiprocessing4j.ipc;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier hosted by a {@link Manager}: Python's {@code manager.Barrier(parties)}, a
 * {@link java.util.concurrent.CyclicBarrier} on the server. Each waiting party holds a connection and a
 * server thread.
 */
public interface BarrierProxy {
    /**
     * Waits until every party has called {@code await}.
     *
     * @return the arrival index, {@code parties() - 1} for the first to arrive, 0 for the last
     * @throws BrokenBarrierException if the barrier was reset or another party timed out
     */
    int await() throws BrokenBarrierException;

    /**
     * As {@link #await()}, for at most {@code timeout}.
     *
     * @throws TimeoutException if it passed; the barrier is then broken for every party
     */
    int await(Duration timeout) throws BrokenBarrierException, TimeoutException;

    /** The number of parties. */
    int parties();

    /** How many parties are waiting now. */
    int waiting();

    /** Whether the barrier is broken. */
    boolean isBroken();

    /** Breaks the barrier for current waiters and makes it usable again. */
    void reset();
}
