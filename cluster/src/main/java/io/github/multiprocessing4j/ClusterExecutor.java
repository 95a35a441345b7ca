package io.github.multiprocessing4j;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link java.util.concurrent.ExecutorService} on the members of a Hazelcast cluster, with the same
 * behaviour as {@link ProcessPoolExecutor}: {@code submit} returns a {@link CompletableFuture}, tasks are
 * serializable lambdas encoded as for worker JVMs, and a task's exception arrives as itself.
 *
 * <pre>{@code
 * try (ClusterExecutor executor = new ClusterExecutor(hz, 8)) {
 *     CompletableFuture<Integer> f = executor.submit(() -> f(1));
 * }
 * }</pre>
 *
 * <p>At most {@code maxWorkers} tasks are on the cluster at once; the others wait in this JVM, where
 * {@code cancel(false)} drops them before they reach a member. {@code cancel(true)} on a running task
 * asks its member to interrupt it. A task whose member leaves mid-task runs again on a member that
 * remains (at least once), as for {@link ClusterPool}; it fails only when no member is left within
 * Hazelcast's invocation timeout. The {@code HazelcastInstance} belongs to the caller: no method here shuts it down.
 *
 * <p>Memory consistency: actions before {@code submit} happen-before the task's result is visible
 * through its future.
 */
public final class ClusterExecutor extends PoolExecutor {
    /**
     * An executor keeping at most {@code maxWorkers} tasks on the cluster of {@code hz}.
     *
     * @throws IllegalArgumentException if {@code maxWorkers < 1}
     */
    public ClusterExecutor(HazelcastInstance hz, int maxWorkers) {
        this(new ClusterPool(hz, maxWorkers));
    }

    private ClusterExecutor(ClusterPool pool) {
        super(pool, pool.workers());
    }
}
