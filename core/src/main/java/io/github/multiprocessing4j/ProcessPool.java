package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Pool} on worker JVMs: Python's {@code multiprocessing.Pool}, spawn context.
 *
 * <pre>{@code
 * try (ProcessPool pool = new ProcessPool(4)) {
 *     System.out.println(pool.map(x -> x * x, List.of(1, 2, 3, 4, 5)));  // [1, 4, 9, 16, 25]
 * }
 * }</pre>
 *
 * <p>Workers are daemon {@link JvmProcess}es started in parallel by the constructor, which returns
 * without waiting for them; tasks submitted meanwhile queue up. Each task and what it captures is
 * encoded in the submitting thread, so a task that cannot travel fails there with an
 * {@link EncodingException} (of a {@code map} over more than 32 MiB, the chunks beyond that are encoded
 * as workers take the first ones; one that cannot travel makes the map throw the same exception). A
 * worker's {@code System.out} reaches this JVM's, line by line.
 *
 * <p>Where it goes further than Python's: a worker that dies mid-task (killed, {@code Runtime.halt},
 * out of memory) fails only that task with {@link WorkerDiedException} and is replaced — {@code map}
 * raises instead of hanging (CPython gh-96062); a task over {@code taskTimeout} fails with
 * {@link TaskTimeoutException} and its worker is killed and replaced; a result or exception that
 * cannot be encoded or decoded fails its task with a clear {@link EncodingException} (CPython
 * gh-79492); {@code imap} reads its input lazily, a bounded number of chunks ahead (gh-74028).
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class ProcessPool extends AbstractPool {
    private final WorkerPool workers;

    /** A pool of {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPool() {
        this(builder());
    }

    /**
     * A pool of {@code processes} worker JVMs with default settings.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public ProcessPool(int processes) {
        this(builder().processes(processes));
    }

    private ProcessPool(Builder b) {
        this(new WorkerPool("ProcessPool", b.processes, new WorkerPool.Config(b.initializer, b.maxTasksPerChild,
                b.taskTimeout, List.copyOf(b.jvmOptions), Map.copyOf(b.environment), true)));
    }

    /** A pool over an engine made by {@link ProcessPoolExecutor}, which shares all of this machinery. */
    ProcessPool(WorkerPool workers) {
        this.workers = workers;
    }

    WorkerPool engine() {
        return workers;
    }

    /** A builder for a pool with an initializer, maxTasksPerChild, taskTimeout, JVM options or environment. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    CompletableFuture<Object> submit(Task task) {
        return workers.submit(task);
    }

    @Override
    List<CompletableFuture<Object>> submitAll(List<Task> tasks) {
        return workers.submitAll(tasks);
    }

    @Override
    public int processes() {
        return workers.size();
    }

    /** The process ids of the current workers; they change as workers are replaced. */
    public List<Long> workerPids() {
        return workers.workerPids();
    }

    @Override
    public void shutdown() {
        workers.shutdown();
    }

    @Override
    public void join() {
        try {
            workers.awaitTermination(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining the pool", e);
        }
    }

    @Override
    public void terminate() {
        workers.terminate();
        join();
    }

    /** Configuration for a {@link ProcessPool}; every setting has the default named on its method. */
    public static final class Builder {
        private int processes = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /** The number of worker JVMs; default {@link Multiprocessing#cpuCount()}. */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("processes < 1: " + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * Runs once in each worker before its first task (Python's {@code initializer}); default none. If it
         * throws, the pool is broken: queued and later tasks fail with that exception.
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * Replace a worker after it has run this many tasks (a {@code map} chunk counts as one); default 0,
         * never. The replacement starts as the old worker gets its last task.
         */
        public Builder maxTasksPerChild(int maxTasksPerChild) {
            if (maxTasksPerChild < 0) {
                throw new IllegalArgumentException("maxTasksPerChild < 0: " + maxTasksPerChild);
            }
            this.maxTasksPerChild = maxTasksPerChild;
            return this;
        }

        /**
         * Fail a task (a {@code map} chunk) that runs longer than this with {@link TaskTimeoutException},
         * killing and replacing its worker; default none. Measured from when the worker started it.
         */
        public Builder taskTimeout(Duration taskTimeout) {
            if (taskTimeout.isNegative() || taskTimeout.isZero()) {
                throw new IllegalArgumentException("taskTimeout <= 0: " + taskTimeout);
            }
            this.taskTimeout = taskTimeout;
            return this;
        }

        /**
         * Options for every worker's {@code java} command ({@code -Xmx512m}, say); default none. They come
         * after the library's defaults (the serial collector, a 32 MB initial heap, a delayed C2), so an
         * option given here wins.
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** An environment variable for every worker, on top of this JVM's environment. */
        public Builder environment(String key, String value) {
            environment.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Starts the pool's workers and returns without waiting for them. */
        public ProcessPool build() {
            return new ProcessPool(this);
        }
    }
}
