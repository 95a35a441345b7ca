package io.github.multiprocessing4j;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.multiprocessing4j.cluster.internal.RemoteTask;
import io.github.multiprocessing4j.internal.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The dispatch behind {@link ClusterPool} and {@link ClusterExecutor}: at most {@code slots} tasks are
 * on the cluster at a time (the pool's "processes"); the rest wait here, in submission order, so that a
 * queued task can be cancelled or dropped by {@code terminate} without ever reaching a member.
 *
 * <p>A member that leaves while running a task: the task is sent again, to a member that remains (at
 * least once; it may have run partly on the lost member). Hazelcast does that by itself for some
 * invocations (a partition owner that leaves is retried on the next owner) but not all (a client whose
 * connection to that member closes gets {@code TargetDisconnectedException}); we resend in the latter
 * case, up to {@link #MAX_RESENDS} times, so the outcome does not depend on which path Hazelcast took.
 * After that, or if Hazelcast gives up (no member left within its invocation timeout), the task fails:
 * {@link MemberLostException} for a lost member, else {@link MultiprocessingException} with
 * Hazelcast's exception as the cause.
 */
final class ClusterWorkers implements ExecutorEngine {
    static final MultiprocessingException TERMINATED =
            new MultiprocessingException("the pool was terminated before the task finished");

    /** How often a task whose member left is sent again before it fails with {@link MemberLostException}. */
    static final int MAX_RESENDS = 3;

    private final IExecutorService remote;
    private final int slots;
    private final Object lock = new Object();
    private final ArrayDeque<Job> queued = new ArrayDeque<>();
    private final Set<Job> running = new HashSet<>();
    private boolean shutdown;
    private boolean terminated;

    ClusterWorkers(IExecutorService remote, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("processes < 1: " + slots);
        }
        this.remote = remote;
        this.slots = slots;
    }

    int slots() {
        return slots;
    }

    /** Encodes in the caller's thread (an unencodable task throws here) and queues the task. */
    @Override
    public CompletableFutureJob submit(Task task) {
        Job j = new Job(task, RemoteTask.of(task));
        synchronized (lock) {
            if (shutdown) {
                throw new IllegalStateException("pool is not running: shutdown() or terminate() was called");
            }
            queued.add(j);
        }
        pump();
        return j.future;
    }

    private void pump() {
        while (true) {
            Job j;
            synchronized (lock) {
                if (terminated || running.size() >= slots) {
                    return;
                }
                j = queued.poll();
                if (j == null) {
                    lock.notifyAll();
                    return;
                }
                if (j.future.isDone()) { // cancelled while queued
                    lock.notifyAll();
                    continue;
                }
                running.add(j);
            }
            send(j);
        }
    }

    @SuppressWarnings("unchecked")
    private void send(Job j) {
        try {
            Future<byte[]> f = remote.submit(j.task);
            j.remote = f;
            ((CompletionStage<byte[]>) f).whenComplete((answer, error) -> finish(j, answer, error));
        } catch (RuntimeException e) {
            finish(j, null, e);
        }
    }

    private void finish(Job j, byte[] answer, Throwable error) {
        if (error != null) {
            Throwable t = translate(AbstractPool.unwrap(error));
            if (t instanceof MemberLostException && j.attempts++ < MAX_RESENDS && !j.future.isDone() && stillSending()) {
                send(j); // keeps its slot
                return;
            }
            j.future.completeExceptionally(t);
        } else {
            try {
                j.future.complete(RemoteTask.decodeAnswer(answer));
            } catch (Throwable t) {
                j.future.completeExceptionally(t);
            }
        }
        release(j);
    }

    private boolean stillSending() {
        synchronized (lock) {
            return !terminated;
        }
    }

    private void release(Job j) {
        synchronized (lock) {
            running.remove(j);
            lock.notifyAll();
        }
        pump();
    }

    static Throwable translate(Throwable t) {
        if (t instanceof MemberLeftException || t instanceof TargetDisconnectedException
                || t instanceof TargetNotMemberException) {
            return new MemberLostException("the cluster member running the task left: " + t.getMessage(), t);
        }
        if (t instanceof CancellationException) {
            return t;
        }
        if (t instanceof HazelcastInstanceNotActiveException) {
            return new MultiprocessingException("the Hazelcast instance this pool uses is not active: " + t.getMessage(), t);
        }
        return new MultiprocessingException("the cluster could not run the task: " + t, t);
    }

    /** Interrupts a task that was sent, if it still runs; frees its slot at once. */
    @Override
    public void cancelRunning(java.util.concurrent.CompletableFuture<?> cancelled) {
        if (!(cancelled instanceof CompletableFutureJob future)) {
            return;
        }
        Job j = future.job;
        Future<byte[]> f = j.remote;
        if (f != null) {
            f.cancel(true);
        }
        release(j);
    }

    /** Cancels every task not yet sent. */
    @Override
    public void cancelQueued() {
        List<Job> dropped;
        synchronized (lock) {
            dropped = new ArrayList<>(queued);
            queued.clear();
            lock.notifyAll();
        }
        for (Job j : dropped) {
            j.future.cancel(false);
        }
    }

    void shutdown() {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
    }

    /**
     * Refuses new tasks, fails the running ones (and asks their members to interrupt them) and returns
     * the tasks never sent, whose futures fail too.
     */
    @Override
    public List<Task> terminate() {
        List<Job> neverSent;
        List<Job> sent;
        synchronized (lock) {
            shutdown = true;
            terminated = true;
            neverSent = new ArrayList<>(queued);
            sent = new ArrayList<>(running);
            queued.clear();
            running.clear();
            lock.notifyAll();
        }
        List<Task> out = new ArrayList<>();
        for (Job j : sent) {
            j.future.completeExceptionally(TERMINATED); // before the cancel, so a task cut short does not win
            Future<byte[]> f = j.remote;
            if (f != null) {
                f.cancel(true);
            }
        }
        for (Job j : neverSent) {
            if (!j.future.isDone()) {
                out.add(j.original);
            }
            j.future.completeExceptionally(TERMINATED);
        }
        return out;
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && queued.isEmpty() && running.isEmpty();
        }
    }

    /** Waits until shut down and every task finished; {@code nanos} of Long.MAX_VALUE waits forever. */
    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
        synchronized (lock) {
            while (!(shutdown && queued.isEmpty() && running.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** The future of one task; knows its job so that a cancel can reach the member. */
    static final class CompletableFutureJob extends java.util.concurrent.CompletableFuture<Object> {
        private Job job;
    }

    private static final class Job {
        /** The task as submitted, handed back by {@link #terminate} if it is never sent. */
        final Task original;
        final RemoteTask task;
        final CompletableFutureJob future = new CompletableFutureJob();
        volatile Future<byte[]> remote;
        int attempts; // only the thread completing the previous attempt touches it

        Job(Task original, RemoteTask task) {
            this.original = original;
            this.task = task;
            future.job = this;
        }
    }
}
