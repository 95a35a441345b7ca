package io.github.multiprocessing4j.ipc;

import java.time.Duration;

/**
 * A {@link SharedQueue} that counts unfinished tasks: Python's {@code multiprocessing.JoinableQueue}.
 * Every {@code put} adds one unfinished task, every {@link #taskDone()} removes one, and {@link #join()}
 * waits until none is left. The count is shared by every JVM that holds the queue.
 *
 * <pre>{@code
 * // worker JVM:   for (;;) { Task t = q.take(); run(t); q.taskDone(); }
 * // parent:       tasks.forEach(q::put); q.join();   // all done
 * }</pre>
 *
 * <p>A consumer killed after {@code take} and before {@code taskDone} leaves its task unfinished, so
 * {@code join()} without a timeout would wait for ever; {@link #join(Duration)} does not.
 */
public interface JoinableQueue<E> extends SharedQueue<E> {
    /**
     * Marks one task taken from this queue as done. Any thread in any JVM may call it.
     * Memory consistency: actions before {@code taskDone} happen-before {@code join} returns.
     *
     * @throws IllegalStateException if called more times than items were put (Python's {@code ValueError}),
     *     naming the unfinished count
     */
    void taskDone();

    /**
     * Waits until every item ever put has been marked done with {@link #taskDone()}; returns at once if
     * none is unfinished. Sleeps without using CPU.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void join() throws InterruptedException;

    /**
     * As {@link #join()}, waiting at most {@code timeout}.
     *
     * @return true if every task was done, false if the timeout passed first
     */
    boolean join(Duration timeout) throws InterruptedException;

    /** Tasks put and not yet marked done, a snapshot. */
    long unfinishedTasks();
}
