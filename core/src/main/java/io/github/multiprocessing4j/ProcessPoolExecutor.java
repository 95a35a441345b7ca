package io.github.multiprocessing4j;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Python's {@code concurrent.futures.ProcessPoolExecutor} as a {@link java.util.concurrent.ExecutorService}
 * on worker JVMs, so it plugs into code that takes an executor.
 *
 * <pre>{@code
 * try (ProcessPoolExecutor executor = new ProcessPoolExecutor(4)) {
 *     List<CompletableFuture<Integer>> futures = List.of(executor.submit(() -> f(1)), executor.submit(() -> f(2)));
 *     for (Future<Integer> done : Futures.asCompleted(futures)) {
 *         System.out.println(done.get());
 *     }
 * }
 * }</pre>
 *
 * <p>Tasks must be serializable: a lambda passed to {@code submit} resolves to the
 * {@link SerializableCallable}/{@link SerializableRunnable} overloads; a plain {@code Callable} or
 * {@code Runnable} that is not {@code Serializable} fails in the caller with an {@link EncodingException}.
 * The machinery (pipelining, supervision, timeouts) is {@link ProcessPool}'s.
 *
 * <p>A worker that dies abruptly fails its task with {@link WorkerDiedException} (exit code inside) and,
 * by default, is replaced and the other tasks go on, as loky does. With
 * {@link Builder#replaceDeadWorkers(boolean) replaceDeadWorkers(false)} the executor breaks instead, as
 * Python's {@code BrokenProcessPool}: every pending and later task fails. Either way no future stays
 * pending forever. {@code cancel(true)} on a running task kills and replaces its worker (Python cannot
 * cancel a running task); {@code cancel(false)} only cancels a task that has not started.
 *
 * <p>Memory consistency: actions before {@code submit} happen-before the task's result is visible
 * through its future.
 */
public final class ProcessPoolExecutor extends PoolExecutor {

    /** An executor with {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPoolExecutor() {
        this(builder());
    }

    /** An executor with {@code maxWorkers} worker JVMs. @throws IllegalArgumentException if {@code maxWorkers < 1} */
    public ProcessPoolExecutor(int maxWorkers) {
        this(builder().maxWorkers(maxWorkers));
    }

    private ProcessPoolExecutor(Builder b) {
        this(new ProcessPool(new WorkerPool("ProcessPoolExecutor", b.maxWorkers, new WorkerPool.Config(
                b.initializer, b.maxTasksPerChild, b.taskTimeout, List.copyOf(b.jvmOptions), Map.copyOf(b.environment),
                b.replaceDeadWorkers))));
    }

    private ProcessPoolExecutor(ProcessPool pool) {
        super(pool, pool.engine());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration for a {@link ProcessPoolExecutor}; every setting has the default named on its method. */
    public static final class Builder {
        private int maxWorkers = Multiprocessing.cpuCount();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;
        private boolean replaceDeadWorkers = true;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /** The number of worker JVMs; default {@link Multiprocessing#cpuCount()}. */
        public Builder maxWorkers(int maxWorkers) {
            if (maxWorkers < 1) {
                throw new IllegalArgumentException("maxWorkers < 1: " + maxWorkers);
            }
            this.maxWorkers = maxWorkers;
            return this;
        }

        /** Runs once in each worker before its first task; default none. If it throws, the executor is broken. */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** Replace a worker after this many tasks; default 0, never (Python 3.11's {@code max_tasks_per_child}). */
        public Builder maxTasksPerChild(int maxTasksPerChild) {
            if (maxTasksPerChild < 0) {
                throw new IllegalArgumentException("maxTasksPerChild < 0: " + maxTasksPerChild);
            }
            this.maxTasksPerChild = maxTasksPerChild;
            return this;
        }

        /** Fail a task running longer than this with {@link TaskTimeoutException}, replacing its worker; default none. */
        public Builder taskTimeout(Duration taskTimeout) {
            if (taskTimeout.isNegative() || taskTimeout.isZero()) {
                throw new IllegalArgumentException("taskTimeout <= 0: " + taskTimeout);
            }
            this.taskTimeout = taskTimeout;
            return this;
        }

        /**
         * What a worker that dies abruptly does to the executor: true (the default, as loky) fails only its
         * task and replaces it; false breaks the executor as Python's {@code BrokenProcessPool}: every
         * pending and later task fails with a {@link WorkerDiedException}.
         */
        public Builder replaceDeadWorkers(boolean replaceDeadWorkers) {
            this.replaceDeadWorkers = replaceDeadWorkers;
            return this;
        }

        /**
         * Options for every worker's {@code java} command; default none. They come after the library's
         * defaults (the serial collector, a 32 MB initial heap, a delayed C2), so an option given here wins.
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

        public ProcessPoolExecutor build() {
            return new ProcessPoolExecutor(this);
        }
    }
}
