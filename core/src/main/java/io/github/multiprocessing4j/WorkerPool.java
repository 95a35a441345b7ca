package io.github.multiprocessing4j;

import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.internal.Channel;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.CodecWarmup;
import io.github.multiprocessing4j.internal.FrameLayout;
import io.github.multiprocessing4j.internal.MessageTypes;
import io.github.multiprocessing4j.internal.Task;
import io.github.multiprocessing4j.internal.WorkerLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine shared by {@link ProcessPool} and {@link ProcessPoolExecutor}: worker JVMs, a queue of
 * encoded tasks, pipelined dispatch, and supervision.
 *
 * <p><b>Dispatch.</b> A task is encoded in the submitting thread (so a task that cannot travel fails
 * there) and queued; of a big batch, only the first {@link #ENCODE_AHEAD_BYTES} are, and the rest as
 * the queue drains (one that cannot travel then fails its own future). Each worker gets the queued
 * tasks while it has fewer than its pipeline depth in flight: 1 until its tasks are known to be short,
 * up to {@link #MAX_DEPTH} when they take well under a millisecond, so short tasks are batched both
 * ways while long ones stay balanced across workers. Assigned tasks go into the worker's outbox under
 * the pool lock, and whoever holds the worker's write lock writes the outbox in order, so the wire
 * order is the assignment order; reader threads never write (see {@link #dispatch()}).
 *
 * <p><b>Supervision.</b> A worker runs its tasks one at a time in arrival order, so when one dies the
 * oldest unanswered task is the one it was running: that task fails with {@link WorkerDiedException}
 * (or {@link TaskTimeoutException} if the timer killed it), the tasks queued behind it are sent again
 * to other workers, and a replacement starts. Nothing waits on a dead worker, so no future stays
 * pending forever. If workers keep failing to start, or the initializer throws, the pool is broken:
 * queued and later tasks fail with that cause instead of respawning forever.
 */
final class WorkerPool implements ExecutorEngine {
    static final int MAX_DEPTH = 64;
    /**
     * How many bytes of encoded tasks may wait in the queue. A batch ({@code map}) beyond that is queued
     * as it is and encoded as the queue drains, by whichever thread dispatches: a map over gigabytes of
     * arrays then holds a bounded encoded copy instead of a second copy of everything, which the garbage
     * collector would also have to move around ({@code map_payload}, 160 MB each way, ~6% faster).
     * One thread at a time encodes ahead, so the queue holds at most this plus one task.
     */
    static final long ENCODE_AHEAD_BYTES = 32L << 20;
    private static final long SHORT_TASK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_START_FAILURES = 3;
    /**
     * A worker's JIT waits longer before it recompiles a method with C2 (the JDK's thresholds are 5,000,
     * 600 and 15,000). A fresh worker otherwise spends about as much CPU compiling the per-task path
     * (decode, run, encode) with C2 as running it, on the same cores as the tasks: delayed, 20,000 tiny
     * submits took ~15% less time and a third less worker CPU here. Loops are unaffected (their on-stack
     * replacement has its own threshold), and tasks of ordinary object code (maps, strings, sorting) took
     * the same time either way (the benchmarks' {@code jit_*} rows). The pool's own {@code jvmOptions}
     * come later on the command line, so passing the JDK's values there undoes this.
     */
    static final List<String> WORKER_JIT = List.of("-XX:Tier4InvocationThreshold=60000",
            "-XX:Tier4MinInvocationThreshold=30000", "-XX:Tier4CompileThreshold=70000");
    private static final AtomicInteger POOLS = new AtomicInteger();

    private enum State { RUNNING, CLOSED, TERMINATED }

    private final String name;
    private final int size;
    private final Config config;
    private final Object lock = new Object();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    /** Whether a thread is encoding a job of {@link #toEncode}; guarded by the lock. */
    private boolean encodingAhead;
    /** The jobs of {@link #queue} not encoded yet, in queue order. */
    private final ArrayDeque<Job> toEncode = new ArrayDeque<>();
    /** Bytes of the encoded jobs in {@link #queue}. */
    private long queuedBytes;
    /** Counts {@link #clearQueue} calls, so that a job encoded meanwhile is known to be gone. */
    private long queueClears;
    /** Whether {@link #toEncode} has jobs; read without the lock on every dispatch. */
    private volatile boolean encodePending;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong fnIds = new AtomicLong();
    /** The function of the latest map, reused while the same function object keeps coming. */
    private volatile FnRef lastFn;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private State state = State.RUNNING;
    /** Counts {@link #dispatch} passes, so that a worker can tell whether it is being filled in this one. */
    private long dispatchRounds;
    private RuntimeException broken;
    private int startFailures;

    /** What a pool or executor is configured with. */
    record Config(SerializableRunnable initializer, int maxTasksPerChild, Duration taskTimeout, List<String> jvmOptions,
                  Map<String, String> environment, boolean replaceDeadWorkers) {
    }

    WorkerPool(String kind, int size, Config config) {
        if (size < 1) {
            throw new IllegalArgumentException("processes < 1: " + size);
        }
        if (config.maxTasksPerChild() < 0) {
            throw new IllegalArgumentException("maxTasksPerChild < 0: " + config.maxTasksPerChild());
        }
        this.name = kind + "-" + POOLS.incrementAndGet();
        this.size = size;
        this.config = config;
        if (config.taskTimeout() != null) {
            long period = Math.max(5, Math.min(250, config.taskTimeout().toMillis() / 4));
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name + "-timeout");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::checkTimeouts, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
        synchronized (lock) {
            for (int i = 0; i < size; i++) {
                startWorker();
            }
        }
    }

    int size() {
        return size;
    }

    /** Bytes of encoded tasks waiting in the queue (for tests and diagnostics). */
    long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** The pids of the workers alive now (for tests and diagnostics). */
    List<Long> workerPids() {
        synchronized (lock) {
            List<Long> pids = new ArrayList<>();
            for (Worker w : workers) {
                pids.add(w.process.pid());
            }
            return pids;
        }
    }

    /**
     * Queues a task. Encodes it in the caller's thread.
     *
     * @throws EncodingException if the task cannot be encoded
     * @throws IllegalStateException if the pool was shut down or terminated
     */
    @Override
    public CompletableFuture<Object> submit(Task task) {
        return submit(task, new CompletableFuture<>());
    }

    /** Queues a task that completes {@code future} itself; see {@link ExecutorEngine#submit(Task, CompletableFuture)}. */
    @Override
    public CompletableFuture<Object> submit(Task task, CompletableFuture<Object> future) {
        Job job = new Job(ids.incrementAndGet(), task, future);
        job.setEncoded(encode(task, Codec.local()));
        synchronized (lock) {
            checkRunning();
            enqueue(job);
        }
        dispatch();
        return job.future;
    }

    /**
     * Queues tasks, then dispatches them. They are encoded here, in the caller's thread, until
     * {@link #ENCODE_AHEAD_BYTES} are waiting in the queue (all of them, unless they are big); an
     * encoding failure among those throws and queues nothing. The rest are encoded in order as the queue
     * drains, and one that cannot be encoded fails its own future. The function of MAP and STARMAP tasks
     * is encoded once and sent once per worker.
     */
    List<CompletableFuture<Object>> submitAll(List<Task> tasks) {
        List<Job> jobs = new ArrayList<>(tasks.size());
        Codec codec = Codec.local();
        long ahead;
        synchronized (lock) {
            ahead = queuedBytes;
        }
        for (Task task : tasks) {
            Job job = new Job(ids.incrementAndGet(), task, new CompletableFuture<>());
            if (jobs.isEmpty() || ahead < ENCODE_AHEAD_BYTES) {
                job.setEncoded(encode(task, codec));
                ahead += job.body.length;
            }
            jobs.add(job);
        }
        List<CompletableFuture<Object>> futures = new ArrayList<>(jobs.size());
        synchronized (lock) {
            checkRunning();
            for (Job job : jobs) {
                futures.add(job.future);
                enqueue(job);
            }
        }
        dispatch();
        return futures;
    }

    /**
     * Encodes a task. A MAP or STARMAP task travels with the id of its function, which is encoded once
     * (and kept while the same function object keeps coming, as imap's chunks do).
     *
     * @throws EncodingException if the task cannot be encoded
     */
    private Encoded encode(Task task, Codec codec) {
        try {
            FnRef ref = null;
            Task wire = task;
            if (task.kind() != Task.CALL) {
                ref = lastFn;
                if (ref == null || ref.function != task.fn()) {
                    ref = new FnRef(fnIds.incrementAndGet(), task.fn(), codec.encode(task.fn()));
                    lastFn = ref;
                }
                wire = task.withFn(new Task.FnId(ref.id));
            }
            byte[] body = codec.encode(wire);
            FrameLayout.checkOutgoing((long) FrameLayout.BODY_OFFSET + body.length, "a task");
            return new Encoded(ref, body);
        } catch (StackOverflowError e) {
            throw new EncodingException("cannot encode a task: what it captures is nested too deeply to encode ("
                    + e + "); pass a flatter structure, or raise the thread stack size (-Xss)", e);
        }
    }

    private record Encoded(FnRef fn, byte[] body) {
    }

    /**
     * Encodes the queue's unencoded jobs in order while fewer than {@link #ENCODE_AHEAD_BYTES} wait
     * encoded; a job that cannot be encoded fails. True if it encoded (or failed) any, so that the caller
     * dispatches again.
     */
    private boolean encodeAhead() {
        boolean any = false;
        Codec codec = null;
        while (encodePending) {
            Job j;
            long clears;
            synchronized (lock) {
                if (encodingAhead || toEncode.isEmpty() || queuedBytes >= ENCODE_AHEAD_BYTES) {
                    return any; // one thread at a time, which goes on while under budget: the bound holds
                }
                j = toEncode.poll();
                encodePending = !toEncode.isEmpty();
                clears = queueClears;
                encodingAhead = true;
            }
            Encoded e = null;
            Throwable failure = null;
            try {
                if (j.future.isDone()) {
                    continue; // cancelled: dispatch drops it
                }
                codec = codec == null ? Codec.local() : codec;
                e = encode(j.task, codec);
            } catch (RuntimeException ex) {
                failure = ex;
            } catch (OutOfMemoryError ex) {
                // a task too big to encode here: it fails, and the queue behind it must not stall
                failure = new EncodingException("cannot encode a task: " + ex, ex);
            } finally {
                synchronized (lock) {
                    encodingAhead = false;
                }
            }
            synchronized (lock) {
                if (clears != queueClears) {
                    return true; // terminated, broken or cancelled meanwhile: the job is gone
                }
                if (failure != null) {
                    queue.remove(j);
                } else if (!j.future.isDone()) { // a done one stays unencoded: dispatch drops it uncounted
                    j.setEncoded(e);
                    queuedBytes += e.body().length;
                }
            }
            if (failure != null) {
                j.future.completeExceptionally(failure);
            }
            any = true;
        }
        return any;
    }

    /** Under the lock. */
    private void checkRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("pool is not running: shutdown() or terminate() was called");
        }
    }

    /** Under the lock: queues a job, or fails it at once if the pool is broken. */
    private void enqueue(Job job) {
        if (broken != null) {
            job.future.completeExceptionally(broken);
        } else {
            queue.add(job);
            if (job.body == null) {
                toEncode.add(job);
                encodePending = true;
            } else {
                queuedBytes += job.body.length;
            }
        }
    }

    /** Under the lock: empties the queue (its jobs are failed or cancelled by the caller). */
    private void clearQueue() {
        queue.clear();
        toEncode.clear();
        encodePending = false;
        queuedBytes = 0;
        queueClears++;
    }

    /** Cancels a task; one already running has its worker killed (and replaced). True if it was cancelled. */
    @Override
    public void cancelRunning(CompletableFuture<?> future) {
        synchronized (lock) {
            for (Worker w : workers) {
                Job head = w.inFlight.peek();
                if (head != null && head.future == future) {
                    w.cancelled = true;
                    w.process.kill();
                    return;
                }
            }
        }
    }

    void shutdown() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
        }
        dispatch();
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return state != State.RUNNING;
        }
    }

    /** Stops now: kills every worker and fails unfinished tasks. Returns the tasks that never started. */
    @Override
    public List<Task> terminate() {
        List<Job> failed = new ArrayList<>();
        List<Task> neverStarted = new ArrayList<>();
        synchronized (lock) {
            state = State.TERMINATED;
            for (Job j : queue) {
                if (!j.future.isDone()) {
                    neverStarted.add(j.task);
                }
            }
            failed.addAll(queue);
            clearQueue();
            for (Worker w : workers) {
                failed.addAll(w.inFlight);
                w.inFlight.clear();
                w.process.kill();
            }
            lock.notifyAll();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        MultiprocessingException why = new MultiprocessingException("the pool was terminated before the task finished");
        for (Job j : failed) {
            j.future.completeExceptionally(why);
        }
        return neverStarted;
    }

    /** Waits until all workers have exited. */
    @Override
    public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new IllegalStateException("pool is still running: call shutdown() or terminate() before join()");
            }
            while (!workers.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        return true;
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return state != State.RUNNING && workers.isEmpty();
        }
    }

    // ---- workers --------------------------------------------------------------------------------

    /** Under the lock. Starts a JVM now; a thread of its own connects to it and becomes its reader. */
    private void startWorker() {
        JvmProcess p = JvmProcess.builder(new WorkerLoop(config.initializer()))
                .name(name + "-worker-" + workerNumbers.incrementAndGet())
                .daemon(true)
                .jvmOptions(workerOptions(config.jvmOptions()))
                .environment(config.environment())
                .build();
        Worker w = new Worker(p);
        workers.add(w);
        try {
            p.spawn(false);
        } catch (RuntimeException e) {
            workers.remove(w);
            startFailed(e);
            return;
        }
        Thread t = new Thread(() -> runWorker(w), p.name() + "-reader");
        t.setDaemon(true);
        t.start();
    }

    private static String[] workerOptions(List<String> configured) {
        List<String> all = new ArrayList<>(WORKER_JIT);
        all.addAll(configured);
        return all.toArray(new String[0]);
    }

    private void runWorker(Worker w) {
        READER.set(Boolean.TRUE);
        try {
            w.process.awaitConnected();
            w.channel = w.process.child().channel();
            Thread writer = new Thread(() -> writerLoop(w), w.process.name() + "-writer");
            writer.setDaemon(true);
            w.writer = writer;
            writer.start();
        } catch (Throwable t) { // an Error too: a worker left half-started would hold its place forever
            w.process.kill();
            RuntimeException e = t instanceof RuntimeException r ? r
                    : new MultiprocessingException("cannot start " + w.process.name() + ": " + t, t);
            synchronized (lock) {
                workers.remove(w);
                lock.notifyAll();
                if (state != State.TERMINATED) {
                    startFailed(e);
                }
            }
            dispatch();
            if (t instanceof Error err) {
                throw err;
            }
            return;
        }
        boolean broke = true;
        try {
            Channel.Message m;
            while ((m = w.channel.receive()) != null) {
                handle(w, m);
                if (!w.channel.hasBufferedFrame()) {
                    dispatch(); // once per batch of answers, so the refill goes out in one write
                }
            }
            broke = false; // end of stream: the worker is exiting (or died); let it finish on its own
        } catch (IOException | RuntimeException e) {
            // a broken or corrupt channel ends this worker like a crash does
        } finally {
            if (broke) {
                w.process.kill();
            }
            w.channel.close();
            w.writerDone = true;
            w.wakeWriter();
            workerEnded(w);
        }
    }

    /** Under the lock. Too many failed starts in a row (bad JVM options, say) break the pool. */
    private void startFailed(RuntimeException e) {
        if (++startFailures >= MAX_START_FAILURES) {
            breakPool(new MultiprocessingException("the pool cannot start its worker JVMs (" + startFailures
                    + " failures in a row): " + e.getMessage(), e));
        } else if (state != State.TERMINATED && broken == null) {
            startWorker();
        }
    }

    /** Under the lock: fail everything queued and whatever comes later. */
    private void breakPool(RuntimeException cause) {
        if (broken != null) {
            return;
        }
        broken = cause;
        List<Job> failed = new ArrayList<>(queue);
        clearQueue();
        for (Job j : failed) {
            j.future.completeExceptionally(cause);
        }
        for (Worker w : workers) {
            w.abandoned = true;
            w.process.kill();
        }
    }

    private void handle(Worker w, Channel.Message m) {
        if (m.type() == MessageTypes.READY) {
            synchronized (lock) {
                w.ready = true;
                startFailures = 0;
            }
            CodecWarmup.startOnce(); // once a worker is up, not while the JVMs boot on the same cores
            dispatch();
            return;
        }
        if (m.id() == -1) { // the initializer threw
            Throwable t = m.decodeFailure() != null ? m.decodeFailure() : (Throwable) m.body();
            synchronized (lock) {
                breakPool(new MultiprocessingException("the pool initializer failed in " + w.process.name() + ": " + t, t));
            }
            return;
        }
        Job job;
        synchronized (lock) {
            job = w.inFlight.poll();
            if (job == null || job.id != m.id()) {
                throw new IllegalStateException("worker " + w.process.name() + " answered task " + m.id()
                        + " but the oldest task sent to it is " + (job == null ? "none" : job.id));
            }
            long now = System.nanoTime();
            long took = now - job.startedAt;
            w.serviceNanos = w.serviceNanos == 0 ? took : (w.serviceNanos * 3 + took) / 4;
            Job next = w.inFlight.peek();
            if (next != null) {
                next.startedAt = now;
            }
        }
        if (m.decodeFailure() != null) {
            job.future.completeExceptionally(new EncodingException("the task ran in " + w.process.name()
                    + ", but its " + (m.type() == MessageTypes.ERROR ? "exception" : "result")
                    + " cannot be decoded here: " + m.decodeFailure().getMessage(), m.decodeFailure()));
        } else if (m.type() == MessageTypes.RESULT) {
            job.future.complete(m.body());
        } else {
            job.future.completeExceptionally((Throwable) m.body());
        }
    }

    private void workerEnded(Worker w) {
        w.process.join(Duration.ofSeconds(10)); // the socket closes a moment before the exit status is known
        Job culprit;
        List<Job> orphans = new ArrayList<>();
        RuntimeException brokenBy;
        synchronized (lock) {
            workers.remove(w);
            culprit = w.inFlight.poll();
            if (culprit != null && !config.replaceDeadWorkers() && broken == null && state != State.TERMINATED) {
                breakPool(new WorkerDiedException("a worker of " + name + " died abruptly and this pool does not"
                        + " replace workers (BrokenProcessPool): " + deathOf(w).getMessage(), w.process.pid(),
                        w.process.exitCode()));
            }
            brokenBy = broken;
            if (brokenBy != null) {
                orphans.addAll(w.inFlight); // nothing will run them again
            } else {
                // the tasks queued behind the one that was running never started: send them again
                Job j;
                while ((j = w.inFlight.pollLast()) != null) {
                    queue.addFirst(j);
                    queuedBytes += j.body.length; // sent once, so encoded
                }
            }
            w.inFlight.clear();
            w.outbox.clear();
            boolean needed = state == State.RUNNING || (state == State.CLOSED && !queue.isEmpty());
            if (needed && brokenBy == null && !w.retiring) {
                startWorker();
            }
            lock.notifyAll();
        }
        if (culprit != null) {
            culprit.future.completeExceptionally(w.abandoned && brokenBy != null ? brokenBy : deathOf(w));
        }
        for (Job j : orphans) {
            j.future.completeExceptionally(brokenBy);
        }
        dispatch();
    }

    /** Cancels the tasks not sent to a worker yet, as Python's {@code shutdown(cancel_futures=True)}. */
    @Override
    public void cancelQueued() {
        List<CompletableFuture<Object>> cancelled = new ArrayList<>();
        synchronized (lock) {
            for (Job j : queue) {
                cancelled.add(j.future);
            }
            clearQueue();
        }
        for (CompletableFuture<Object> f : cancelled) {
            f.cancel(false);
        }
        dispatch();
    }

    private RuntimeException deathOf(Worker w) {
        String who = w.process.name() + " (pid " + w.process.pid() + ")";
        if (w.timedOut) {
            return new TaskTimeoutException("the task ran longer than taskTimeout " + config.taskTimeout()
                    + "; its worker " + who + " was killed and replaced");
        }
        if (w.cancelled) {
            return new java.util.concurrent.CancellationException("the task was cancelled while running; its worker "
                    + who + " was killed and replaced");
        }
        String exit = w.process.exitCode().isPresent()
                ? WorkerDiedException.describeExit(w.process.exitCode().getAsInt()) : "exit status unknown";
        return new WorkerDiedException("worker " + who + " died while running the task: " + exit
                + (config.replaceDeadWorkers() ? "; the pool replaced it" : ""), w.process.pid(), w.process.exitCode());
    }

    private void checkTimeouts() {
        long limit = config.taskTimeout().toNanos();
        long now = System.nanoTime();
        synchronized (lock) {
            for (Worker w : workers) {
                Job head = w.inFlight.peek();
                if (head != null && !w.timedOut && now - head.startedAt > limit) {
                    w.timedOut = true;
                    w.process.kill();
                }
            }
        }
    }

    // ---- dispatch -------------------------------------------------------------------------------

    /**
     * Assigns queued tasks to workers (under the pool lock, into each worker's outbox, so the order of
     * assignment is the order on the wire) and gets them written. A reader thread never writes: a write
     * blocks when the worker's socket is full, and a worker stops reading tasks while its own answers
     * are not being read, so a reader that wrote could deadlock with its worker. Readers hand the
     * outbox to the worker's writer thread; other threads write themselves when nobody else is. Then
     * encodes the queue's unencoded tasks while there is room ({@link #encodeAhead}), and assigns again.
     */
    private void dispatch() {
        do {
            assign();
        } while (encodeAhead());
    }

    private void assign() {
        List<Worker> touched = new ArrayList<>(2);
        synchronized (lock) {
            long now = System.nanoTime();
            long round = ++dispatchRounds;
            while (!queue.isEmpty()) {
                Job j = queue.peek();
                if (j.future.isDone()) { // cancelled before it was sent
                    queue.poll();
                    if (j.body != null) {
                        queuedBytes -= j.body.length;
                    }
                    continue;
                }
                if (j.body == null) {
                    break; // not encoded yet: encodeAhead() will, and dispatch again
                }
                Worker w = pick(now, round);
                if (w == null) {
                    break;
                }
                queue.poll();
                queuedBytes -= j.body.length;
                if (w.inFlight.isEmpty()) {
                    j.startedAt = now;
                }
                w.inFlight.add(j);
                w.sent++;
                w.outbox.add(j);
                if (!touched.contains(w)) {
                    touched.add(w);
                }
                if (config.maxTasksPerChild() > 0 && w.sent >= config.maxTasksPerChild() && !w.retiring) {
                    w.retiring = true;
                    w.stopSent = true;
                    w.outbox.add(STOP);
                    if (state != State.TERMINATED && broken == null) {
                        startWorker();
                    }
                }
            }
            if (state == State.CLOSED && queue.isEmpty()) {
                for (Worker w : workers) {
                    if (w.ready && w.inFlight.isEmpty() && !w.stopSent) {
                        w.stopSent = true;
                        w.outbox.add(STOP);
                        if (!touched.contains(w)) {
                            touched.add(w);
                        }
                    }
                }
            }
        }
        boolean reader = READER.get();
        for (Worker w : touched) {
            if (!reader && w.writeLock.tryLock()) {
                try {
                    flush(w);
                } finally {
                    w.writeLock.unlock();
                }
                if (hasOutbox(w)) {
                    w.wakeWriter(); // someone added frames while this thread was writing
                }
            } else {
                w.wakeWriter();
            }
        }
    }

    private static final ThreadLocal<Boolean> READER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Marks a STOP in a worker's outbox. */
    private static final Job STOP = new Job(0, null, new CompletableFuture<>());

    static {
        STOP.setEncoded(new Encoded(null, new byte[0]));
    }

    private boolean hasOutbox(Worker w) {
        synchronized (lock) {
            return !w.outbox.isEmpty();
        }
    }

    /** Holding the worker's write lock: writes its outbox until it is empty. */
    private void flush(Worker w) {
        while (true) {
            List<Job> batch;
            synchronized (lock) {
                if (w.outbox.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(w.outbox);
                w.outbox.clear();
            }
            write(w, batch);
        }
    }

    /** The worker's writer thread: writes what reader threads assigned to it. */
    private void writerLoop(Worker w) {
        while (!w.writerDone) {
            java.util.concurrent.locks.LockSupport.park(this);
            w.writeLock.lock();
            try {
                flush(w);
            } finally {
                w.writeLock.unlock();
            }
        }
    }

    /**
     * Under the lock: the ready worker with the fewest tasks in flight that still has room. A worker gets
     * more than one task only while its tasks are known to be short and its current one has not been
     * running long, so long tasks stay in the pool's queue, where they can be balanced and cancelled.
     */
    private Worker pick(long now, long round) {
        Worker best = null;
        for (Worker w : workers) {
            if (!w.ready || w.retiring || w.stopSent || w.timedOut || w.cancelled) {
                continue;
            }
            Job head = w.inFlight.peek();
            boolean shortTasks = w.serviceNanos != 0 && w.serviceNanos < SHORT_TASK_NANOS
                    && (head == null || now - head.startedAt < SHORT_TASK_NANOS);
            int depth = shortTasks ? MAX_DEPTH : 1;
            // Top a busy worker up only once it is half empty, then fill it: one write of many frames
            // instead of a write per task while a caller submits in a loop.
            if (w.inFlight.size() >= depth || (w.inFlight.size() >= depth / 2 && depth > 1 && w.filledIn != round)) {
                continue;
            }
            w.filledIn = round;
            if (best == null || w.inFlight.size() < best.inFlight.size()) {
                best = w;
            }
        }
        return best;
    }

    private void write(Worker w, List<Job> jobs) {
        Output out = w.out;
        out.reset();
        for (Job j : jobs) {
            if (j == STOP) {
                Channel.appendEncodedFrame(out, MessageTypes.STOP, 0, NULL_BODY);
                continue;
            }
            if (j.fn != null && !w.knownFunctions.containsKey(j.fn.id)) {
                Channel.appendEncodedFrame(out, MessageTypes.FUNC, j.fn.id, j.fn.body);
                w.knownFunctions.put(j.fn.id, Boolean.TRUE);
            }
            Channel.appendEncodedFrame(out, MessageTypes.TASK, j.id, j.body);
        }
        try {
            w.channel.write(out.getBuffer(), out.position());
        } catch (IOException e) {
            // the worker died; its reader sees the end of stream and sends these tasks elsewhere
        }
        if (out.getBuffer().length > (4 << 20)) {
            w.out = new Output(4096, -1);
        }
    }

    private static final byte[] NULL_BODY = Codec.local().encode(null);

    private static final class Job {
        final long id;
        /** The task as submitted: encoded from, and handed back by {@link #terminate} if it never started. */
        final Task task;
        final CompletableFuture<Object> future;
        /** Null until encoded; set once, under the pool lock or before the job is queued. */
        byte[] body;
        FnRef fn;
        long startedAt;

        Job(long id, Task task, CompletableFuture<Object> future) {
            this.id = id;
            this.task = task;
            this.future = future;
        }

        void setEncoded(Encoded e) {
            this.fn = e.fn();
            this.body = e.body();
        }
    }

    /** A map's function, encoded once. */
    private record FnRef(long id, Object function, byte[] body) {
    }

    private static final class Worker {
        final JvmProcess process;
        final ArrayDeque<Job> inFlight = new ArrayDeque<>();
        final ReentrantLock writeLock = new ReentrantLock();
        /** Jobs (and STOP) assigned but not yet written, in assignment order; guarded by the pool lock. */
        final ArrayDeque<Job> outbox = new ArrayDeque<>();
        volatile Thread writer;
        volatile boolean writerDone;
        /** Mirrors the worker's function cache: same capacity, same insertion order (written under writeLock). */
        final Map<Long, Boolean> knownFunctions = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > MessageTypes.FUNCTION_CACHE;
            }
        };
        volatile Channel channel;
        Output out = new Output(4096, -1);
        boolean ready;
        boolean retiring;
        boolean stopSent;
        boolean timedOut;
        boolean cancelled;
        boolean abandoned;
        int sent;
        long serviceNanos;
        /** The dispatch pass that last gave this worker a task (guarded by the pool lock). */
        long filledIn;

        Worker(JvmProcess process) {
            this.process = process;
        }

        void wakeWriter() {
            Thread t = writer;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
        }
    }
}
