package io.github.multiprocessing4j.ipc;

import static io.github.multiprocessing4j.ipc.internal.ConditionLayout.SLEEPING_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.ConditionLayout.WAKE_OFFSET;
import static io.github.multiprocessing4j.ipc.internal.ConditionLayout.WOKEN_OFFSET;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.ConditionLayout;
import io.github.multiprocessing4j.ipc.internal.Mutex;
import io.github.multiprocessing4j.ipc.internal.Region;
import io.github.multiprocessing4j.ipc.internal.Sem;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared between JVMs: Python's {@code multiprocessing.Condition}, made by
 * {@link Ipc#condition()} (over a new {@link RLock}) or {@link Ipc#condition(RLock)} /
 * {@link Ipc#condition(Lock)}. Python's {@code wait}, {@code wait_for}, {@code notify} and
 * {@code notify_all} are {@link #await}, {@link #waitFor}, {@link #signal} and {@link #signalAll} here
 * ({@code Object} owns the Python names).
 *
 * <pre>{@code
 * try (Held held = cond.hold()) {
 *     cond.waitFor(() -> queueNotEmpty(), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The algorithm is CPython's: a waiter counts itself asleep, releases the lock fully, waits on a
 * semaphore, counts itself woken and re-acquires the lock (with the same recursion depth); {@code signal(n)}
 * wakes up to {@code n} of the threads waiting at that moment and waits until they have woken.
 *
 * <p>Memory consistency: as for the lock; everything before {@code signal} and the lock's release
 * happens-before the woken waiter's return from {@code await}.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
public final class Condition implements KryoSerializable {
    private Object lock;
    private Region region;
    private transient Mutex mutex;
    private transient Sem sleeping;
    private transient Sem woken;
    private transient Sem wake;

    private Condition(Object lock, Region region) {
        bind(lock, region);
    }

    static Condition create(Object lock) {
        Objects.requireNonNull(lock, "lock");
        Region r = Region.create("cond-", ConditionLayout.BYTES);
        Sem.initialize(r.buffer(), SLEEPING_OFFSET, 0, Long.MAX_VALUE);
        Sem.initialize(r.buffer(), WOKEN_OFFSET, 0, Long.MAX_VALUE);
        Sem.initialize(r.buffer(), WAKE_OFFSET, 0, Long.MAX_VALUE);
        return new Condition(lock, r);
    }

    private void bind(Object l, Region r) {
        this.lock = l;
        this.region = r;
        if (l instanceof RLock) {
            this.mutex = ((RLock) l).mutex();
        } else if (l instanceof Lock) {
            this.mutex = ((Lock) l).mutex();
        } else {
            throw new IllegalArgumentException("a condition's lock must be an Ipc Lock or RLock, not " + l.getClass().getName());
        }
        this.sleeping = Sem.at(r.buffer(), SLEEPING_OFFSET);
        this.woken = Sem.at(r.buffer(), WOKEN_OFFSET);
        this.wake = Sem.at(r.buffer(), WAKE_OFFSET);
    }

    /** The underlying {@link Lock} or {@link RLock}. */
    public Object getLock() {
        return lock;
    }

    /** Acquires the underlying lock (blocking); returns true. */
    public boolean acquire() {
        return mutex.acquire(-1);
    }

    /** Acquires the underlying lock, waiting at most {@code timeout} ({@code null} = no limit). */
    public boolean acquire(boolean blocking, Duration timeout) {
        return mutex.acquire(blocking ? Timeouts.nanos(timeout) : 0);
    }

    /** Releases the underlying lock. */
    public void release() {
        mutex.release();
    }

    /** Acquires the underlying lock and returns a {@link Held} that releases it: Python's {@code with cond:}. */
    public Held hold() {
        mutex.acquire(-1);
        return new Held(mutex);
    }

    /** Python's {@code wait()}: waits for a signal. Returns true. */
    public boolean await() throws InterruptedException {
        return await(null);
    }

    /**
     * Python's {@code wait(timeout)}: releases the lock (all recursion levels), waits until signalled or
     * {@code timeout} passes ({@code null} = no limit), then re-acquires the lock before returning or
     * throwing.
     *
     * @return false if the timeout passed first
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     * @throws InterruptedException if interrupted while waiting (the lock is re-acquired first)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        checkOwned("await");
        sleeping.release();
        long depth = mutex.releaseAll();
        try {
            return wake.acquireInterruptibly(Timeouts.nanos(timeout));
        } finally {
            woken.release();
            mutex.reacquire(depth);
        }
    }

    /**
     * Python's {@code wait_for(predicate, timeout)}: waits until {@code predicate}, evaluated with the lock
     * held, is true or {@code timeout} passes ({@code null} = no limit).
     *
     * @return the last value of the predicate
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        boolean result = predicate.getAsBoolean();
        long limit = Timeouts.nanos(timeout);
        long end = System.nanoTime() + limit;
        while (!result) {
            Duration wait = null;
            if (limit >= 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait = Duration.ofNanos(left);
            }
            await(wait);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Python's {@code notify()}: wakes one waiting thread, if any. */
    public void signal() {
        signal(1);
    }

    /**
     * Python's {@code notify(n)}: wakes up to {@code n} of the threads waiting now, and returns once they
     * have woken (they then wait for the lock, which the caller holds).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    public void signal(int n) {
        checkOwned("signal");
        while (woken.tryAcquire()) { // account for waiters that timed out since the last signal
            sleeping.tryAcquire();
        }
        int sleepers = 0;
        while (sleepers < n && sleeping.tryAcquire()) {
            wake.release();
            sleepers++;
        }
        if (sleepers > 0) {
            for (int i = 0; i < sleepers; i++) {
                woken.acquire(-1);
            }
            while (wake.tryAcquire()) { // a waiter that timed out meanwhile left its permit
                // drain
            }
        }
    }

    /** Python's {@code notify_all()}: wakes every thread waiting now. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void checkOwned(String what) {
        if (!mutex.isMine()) {
            throw new IllegalMonitorStateException("cannot " + what + " on a condition whose lock is held by "
                    + io.github.multiprocessing4j.ipc.internal.LockLayout.describe(mutex.owner()) + ", not by the caller");
        }
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeClassAndObject(output, lock);
        kryo.writeObject(output, region);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        Object l = kryo.readClassAndObject(input);
        bind(l, kryo.readObject(input, Region.class));
    }

    @Override
    public String toString() {
        return "Condition[" + lock + ", " + region + "]";
    }
}
