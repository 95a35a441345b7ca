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
            executor.execute(new Job(task, f, running));
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
        MultiprocessingException why = new MultiprocessingException("the pool was terminated before the task finished");
        for (Job j : running) {
            j.future.completeExceptionally(why); // before the interrupt, so a task that returns early does not win
        }
        List<Runnable> never = executor.shutdownNow();
        for (Runnable r : never) {
            ((Job) r).future.completeExceptionally(why);
        }
    }

    private record Job(Task task, CompletableFuture<Object> future, java.util.Set<Job> running) implements Runnable {
        @Override
        public void run() {
            running.add(this);
            try {
                future.complete(task.run());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            } finally {
                running.remove(this);
            }
        }
    }
}
