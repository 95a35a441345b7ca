package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Task;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything of an {@link java.util.concurrent.ExecutorService} over a pool that does not depend on where
 * tasks run: the serializable {@code submit} overloads, futures whose {@code cancel(true)} reaches a
 * running task, {@code invokeAll}/{@code invokeAny}, Python's {@code shutdown(cancelFutures)} and a lazy
 * {@code map}. {@link ProcessPoolExecutor} runs the tasks on worker JVMs, {@code ClusterExecutor} on
 * Hazelcast members; each brings its pool and its {@link ExecutorEngine}.
 */
abstract class PoolExecutor extends AbstractExecutorService implements AutoCloseable {
    private final AbstractPool pool;
    private final ExecutorEngine engine;

    PoolExecutor(AbstractPool pool, ExecutorEngine engine) {
        this.pool = pool;
        this.engine = engine;
    }

    /** Submits a task; its result or exception arrives through the returned future. */
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        return submitTask(Task.call(task));
    }

    /** Submits a task with no result; the future completes with {@code null}. */
    public CompletableFuture<?> submit(SerializableRunnable task) {
        return submitTask(Task.call(asCallable(task, null)));
    }

    /** Submits a callable, which must be {@link Serializable}; prefer {@link #submit(SerializableCallable)}. */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return submitTask(Task.call(task));
    }

    /** Submits a runnable, which must be {@link Serializable}; prefer {@link #submit(SerializableRunnable)}. */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        Objects.requireNonNull(task, "task");
        return submitTask(Task.call(asCallable(task, null)));
    }

    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return submitTask(Task.call(asCallable(task, result)));
    }

    /** Runs a task, discarding its result; failures are not reported anywhere but a worker's stderr. */
    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    private static <T> SerializableCallable<T> asCallable(Runnable r, T result) {
        return new RunnableCall<>(r, result);
    }

    /** A runnable with a fixed result, as it travels. */
    private record RunnableCall<T>(Runnable runnable, T result) implements SerializableCallable<T> {
        @Override
        public T call() {
            runnable.run();
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submitTask(Task task) {
        TaskFuture<T> f = new TaskFuture<>();
        f.job = engine.submit(task, (CompletableFuture<Object>) f);
        return f;
    }

    /**
     * Maps {@code fn} over {@code items} lazily, yielding results in input order, at most a few tasks per
     * worker ahead of what was consumed (Python's {@code map} with {@code buffersize}).
     */
    public <T, R> Iterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return pool.imap(fn, items);
    }

    /** As {@link #map(SerializableFunction, Iterable)}, with {@code chunksize} items per task. */
    public <T, R> Iterator<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return pool.imap(fn, items, chunksize);
    }

    /** How many tasks run at once: worker JVMs, or tasks on the cluster. */
    public int maxWorkers() {
        return pool.processes();
    }

    /** Refuses new tasks; submitted ones still run. Returns at once. */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /**
     * Python 3.9's {@code shutdown(wait=False, cancel_futures=...)}: refuses new tasks and, if
     * {@code cancelFutures}, cancels those not started yet. Returns at once; {@link #awaitTermination} waits.
     */
    public void shutdown(boolean cancelFutures) {
        pool.shutdown();
        if (cancelFutures) {
            engine.cancelQueued();
        }
    }

    /**
     * Stops at once: running tasks fail (a pool kills its workers), queued ones are cancelled and returned, as the
     * {@code Runnable}/{@code Callable} objects that were submitted (a callable is wrapped in a Runnable
     * that calls it).
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Task> neverStarted = engine.terminate();
        List<Runnable> out = new ArrayList<>();
        for (Task t : neverStarted) {
            Object task = t.fn() instanceof RunnableCall<?> rc ? rc.runnable() : t.fn();
            if (task instanceof Runnable r) {
                out.add(r);
            } else if (task instanceof Callable<?> c) {
                out.add(() -> {
                    try {
                        c.call();
                    } catch (Exception e) {
                        throw new MultiprocessingException("the task threw " + e, e);
                    }
                });
            }
        }
        return out;
    }

    @Override
    public boolean isShutdown() {
        return engine.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return engine.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return engine.awaitTermination(unit.toNanos(timeout));
    }

    /** {@link #shutdown()} then waits for every task (Python's {@code with} block). Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    /** Submits every task, then waits for all of them (each must be {@link Serializable}). */
    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /** As {@link #invokeAll(Collection)}; tasks unfinished at the deadline are cancelled (running ones stopped). */
    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout,
                                                              TimeUnit unit) throws InterruptedException {
        long deadline = deadline(timeout, unit);
        List<java.util.concurrent.Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (java.util.concurrent.Future<T> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0) {
                    break;
                }
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // reported through the future
            } catch (java.util.concurrent.TimeoutException e) {
                break;
            }
        }
        for (java.util.concurrent.Future<T> f : futures) {
            f.cancel(true);
        }
        return futures;
    }

    /**
     * Submits every task and returns the result of the first to succeed; the others are cancelled
     * (running ones stopped).
     *
     * @throws java.util.concurrent.ExecutionException if every task failed (the cause is the last failure)
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException,
            java.util.concurrent.ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no deadline was given", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny of no tasks");
        }
        long deadline = deadline(timeout, unit);
        List<CompletableFuture<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> t : tasks) {
                futures.add(submit(t));
            }
            java.util.concurrent.ExecutionException last = null;
            Duration left = deadline == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                for (CompletableFuture<T> f : Futures.asCompleted(futures, left)) {
                    try {
                        return f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        last = e;
                    } catch (java.util.concurrent.CancellationException e) {
                        last = new java.util.concurrent.ExecutionException(e);
                    }
                }
            } catch (MultiprocessingException e) {
                if (e.getCause() instanceof java.util.concurrent.TimeoutException t) {
                    throw t;
                }
                throw e;
            }
            throw last;
        } finally {
            for (CompletableFuture<T> f : futures) {
                f.cancel(true);
            }
        }
    }

    private static long deadline(long timeout, TimeUnit unit) {
        long nanos = unit.toNanos(timeout);
        return nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    /** A future whose {@code cancel(true)} also stops the task if it is running ({@link ExecutorEngine#cancelRunning}). */
    private final class TaskFuture<T> extends CompletableFuture<T> {
        /** What the engine knows the task by: this future itself for worker JVMs (see ExecutorEngine#submit). */
        private volatile CompletableFuture<?> job;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            CompletableFuture<?> j = job;
            if (cancelled && j != null) {
                if (j != this) {
                    j.cancel(false); // a queued task is then skipped by dispatch
                }
                if (mayInterruptIfRunning) {
                    engine.cancelRunning(j);
                }
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
