package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link PoolExecutor} needs from the machinery that runs its tasks: {@link WorkerPool} for
 * worker JVMs, {@code ClusterWorkers} for Hazelcast members. All methods are thread-safe.
 */
interface ExecutorEngine {
    /** Queues a task; encodes it in the caller's thread. @throws IllegalStateException once shut down */
    CompletableFuture<Object> submit(Task task);

    /** Stops the task of this future if it is running now (a worker killed, a member interrupted). */
    void cancelRunning(CompletableFuture<?> job);

    /** Cancels every task not started yet. */
    void cancelQueued();

    /** Stops at once; unfinished tasks fail. Returns the tasks that never started, as submitted. */
    List<Task> terminate();

    boolean isShutdown();

    boolean isTerminated();

    /** Waits for the engine to finish after a shutdown. @throws IllegalStateException if still running */
    boolean awaitTermination(long nanos) throws InterruptedException;
}
