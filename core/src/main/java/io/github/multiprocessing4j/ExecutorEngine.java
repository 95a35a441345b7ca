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

    /**
     * Queues a task whose outcome completes {@code future}, and returns the future the engine knows the
     * task by, for {@link #cancelRunning}: {@code future} itself where the engine completes it directly
     * (no second future and completion stage per task), else a future of its own that completes it.
     */
    default CompletableFuture<?> submit(Task task, CompletableFuture<Object> future) {
        CompletableFuture<Object> own = submit(task);
        own.whenComplete((value, error) -> {
            if (error != null) {
                future.completeExceptionally(AbstractPool.unwrap(error));
            } else {
                future.complete(value);
            }
        });
        return own;
    }

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
