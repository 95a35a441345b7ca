package io.github.multiprocessing4j;

import com.hazelcast.core.HazelcastInstance;
import io.github.multiprocessing4j.internal.Task;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Pool} on the members of a Hazelcast cluster: the same serializable lambdas as {@link ProcessPool},
 * the same chunking, ordering, callbacks and exceptions, but tasks run on whichever member Hazelcast's
 * {@code IExecutorService} picks, on this machine or another.
 *
 * <pre>{@code
 * HazelcastInstance hz = HazelcastClient.newHazelcastClient(clientConfig); // or a member
 * try (ClusterPool pool = new ClusterPool(hz, 8)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>{@code processes} bounds how many tasks (map chunks) are on the cluster at once; the others wait in
 * this JVM, in order. Every member's class path must hold the task's classes (the same jars).
 *
 * <p><b>A member that leaves mid-task:</b> that task (one call, or one map chunk) is run again on a member
 * that remains, so a {@code map} still completes with every result (Hazelcast retries some such
 * invocations itself; the pool resends the others, up to 3 times). Tasks are <em>at least once</em>, and one
 * with side effects (writing a file, sending a message) must tolerate running twice. Unlike
 * {@link ProcessPool}, whose dead worker fails the task with {@link WorkerDiedException}, the task fails
 * only when no member remains within Hazelcast's invocation timeout (120 s by default,
 * {@code hazelcast.client.invocation.timeout.seconds} for a client): with {@link MemberLostException}
 * (a {@code WorkerDiedException}) or a {@link MultiprocessingException} naming Hazelcast's cause. Nothing
 * hangs beyond that timeout.
 *
 * <p>{@link #terminate()} fails running tasks at once and asks their members to interrupt them; it
 * never shuts the {@code HazelcastInstance} down, which belongs to the caller. Memory consistency: actions
 * before a submit happen-before the task's result is visible through its future or return value.
 */
public final class ClusterPool extends AbstractPool {
    /** The name of the Hazelcast executor that runs the tasks of every ClusterPool and ClusterExecutor. */
    public static final String EXECUTOR_NAME = "multiprocessing4j";

    private final ClusterWorkers workers;

    /**
     * A pool that keeps at most {@code processes} tasks on the cluster that {@code hz} belongs to or is a
     * client of.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public ClusterPool(HazelcastInstance hz, int processes) {
        this.workers = new ClusterWorkers(hz.getExecutorService(EXECUTOR_NAME), processes);
    }

    ClusterWorkers workers() {
        return workers;
    }

    @Override
    CompletableFuture<Object> submit(Task task) {
        return workers.submit(task);
    }

    @Override
    public int processes() {
        return workers.slots();
    }

    /** Refuses new tasks; submitted ones still run. Returns at once. Idempotent. */
    @Override
    public void shutdown() {
        workers.shutdown();
    }

    /** Waits for every submitted task, after {@link #shutdown()} or {@link #terminate()}. */
    @Override
    public void join() {
        if (!workers.isShutdown()) {
            throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
        }
        try {
            workers.awaitTermination(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining the pool", e);
        }
    }

    /** Fails every unfinished task and asks members to interrupt those running. Idempotent. */
    @Override
    public void terminate() {
        workers.terminate();
    }
}
