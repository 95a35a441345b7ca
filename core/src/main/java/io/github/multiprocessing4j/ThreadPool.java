package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Pool} on threads of this JVM: Python's {@code multiprocessing.pool.ThreadPool}. Tasks are not
 * encoded, so they share this JVM's objects; use it for I/O-bound work, {@link ProcessPool} for
 * CPU-bound or crash-prone work. Worker threads are daemon threads named {@code ThreadPool-N-worker-K}.
 */
public final class ThreadPool extends AbstractPool {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int processes;
    private final ThreadPoolExecutor executor;
    private final java.util.Set<Job> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean terminated;
    private static final MultiprocessingException TERMINATED =
            new MultiprocessingException("the pool was terminated before the task finished");

    /** A pool of {@link Multiprocessing#cpuCount()} threads. */
    public ThreadPool() {
        this(Multiprocessing.cpuCount());
    }

    /**
     * A pool of {@code processes} threads.
     *
     * @throws IllegalArgumentException if {@code processes < 1}
     */
    public ThreadPool(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("processes < 1: " + processes);
        }
        this.processes = processes;
        String name = "ThreadPool-" + POOLS.incrementAndGet() + "-worker-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(processes, processes, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    CompletableFuture<Object> submit(Task task) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        try {
            executor.execute(new Job(task, f, this));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("pool is not running: shutdown() or terminate() was called");
        }
        return f;
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public void join() {
        if (!executor.isShutdown()) {
            throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
        }
        try {
            while (!executor.awaitTermination(1, TimeUnit.DAYS)) {
                // keep waiting, as Python's join does
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining the pool", e);
        }
    }

    @Override
    public void terminate() {
        MultiprocessingException why = TERMINATED;
        terminated = true;
        for (Job j : running) {
            j.future.completeExceptionally(why); // before the interrupt, so a task that returns early does not win
        }
        List<Runnable> never = executor.shutdownNow();
        for (Runnable r : never) {
            ((Job) r).future.completeExceptionally(why);
        }
    }

    /** Identity-based on purpose: it is kept in a set of the jobs running now. */
    private static final class Job implements Runnable {
        private final Task task;
        private final CompletableFuture<Object> future;
        private final ThreadPool pool;

        Job(Task task, CompletableFuture<Object> future, ThreadPool pool) {
            this.task = task;
            this.future = future;
            this.pool = pool;
        }

        @Override
        public void run() {
            pool.running.add(this);
            try {
                Object result = task.run();
                if (pool.terminated) {
                    future.completeExceptionally(TERMINATED); // it returned early because terminate() interrupted it
                } else {
                    future.complete(result);
                }
            } catch (Throwable t) {
                future.completeExceptionally(pool.terminated ? TERMINATED : t);
            } finally {
                pool.running.remove(this);
            }
        }
    }
}
