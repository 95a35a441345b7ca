package io.github.multiprocessing4j.ipc;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.LockLayout;
import io.github.multiprocessing4j.ipc.internal.Mutex;
import io.github.multiprocessing4j.ipc.internal.Region;
import java.time.Duration;

/**
 * A non-recursive lock shared between JVMs: Python's {@code multiprocessing.Lock}. Made by
 * {@link Ipc#lock()}; capture it in a task or {@link io.github.multiprocessing4j.JvmProcess} target to use
 * it in the child.
 *
 * <pre>{@code
 * Lock lock = Ipc.lock();
 * try (Held held = lock.hold()) {
 *     // one thread of one JVM at a time
 * }
 * }</pre>
 *
 * <p>As in Python, any thread of any process may release it, and acquiring it again from the holding
 * thread blocks. A waiter polls the lock for up to 10 ms, yielding its core to other runnable threads,
 * so that a hand-off between busy processes costs no wake-up; then it sleeps without using CPU until a
 * release wakes it. The lock is not fair.
 *
 * <p><b>Dead holders.</b> If the holding process dies (even by SIGKILL), a waiter notices within about
 * 100 ms, takes the lock over and returns normally from {@code acquire}; {@link #lastAcquireRecovered()}
 * then tells the new holder that the data the lock protects may be half-updated.
 * Only the death of another process is detected (by pid): a thread of the same JVM that ends while
 * holding the lock keeps it held, and a dead holder whose pid was already reused is not recognised.
 *
 * <p>Memory consistency: everything a thread did before {@code release} happens-before whatever the next
 * holder, in any JVM, does after its {@code acquire}. Interrupts do not end a wait; the interrupt flag
 * is restored when {@code acquire} returns.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
public final class Lock implements KryoSerializable {
    private Region region;
    private int offset;
    private transient Mutex mutex;

    Lock(Region region, int offset) {
        bind(region, offset);
    }

    static Lock create() {
        Region r = Region.create("lock-", LockLayout.BYTES);
        Mutex.initialize(r.buffer(), 0);
        return new Lock(r, 0);
    }

    private void bind(Region r, int off) {
        this.region = r;
        this.offset = off;
        this.mutex = Mutex.at(r, off, false);
    }

    Mutex mutex() {
        return mutex;
    }

    /** Blocks until this thread holds the lock. Returns true, as Python's {@code acquire()} does. */
    public boolean acquire() {
        return mutex.acquire(-1);
    }

    /** Python's {@code acquire(block)}: with {@code blocking == false}, takes the lock only if it is free now. */
    public boolean acquire(boolean blocking) {
        return mutex.acquire(blocking ? -1 : 0);
    }

    /**
     * Python's {@code acquire(block, timeout)}: waits at most {@code timeout} ({@code null} = no limit,
     * negative = do not wait); {@code blocking == false} ignores the timeout.
     *
     * @return whether this thread now holds the lock
     */
    public boolean acquire(boolean blocking, Duration timeout) {
        return mutex.acquire(blocking ? Timeouts.nanos(timeout) : 0);
    }

    /** {@code acquire(true, timeout)}. */
    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    /**
     * Releases the lock; any thread of any JVM may, and a waiter is woken.
     *
     * @throws IllegalMonitorStateException if the lock is not held ("release of an unlocked Lock")
     */
    public void release() {
        mutex.release();
    }

    /** Acquires (blocking) and returns a {@link Held} whose {@code close()} releases: Python's {@code with lock:}. */
    public Held hold() {
        mutex.acquire(-1);
        return new Held(mutex);
    }

    /** Whether some thread of some JVM holds it now (a snapshot). */
    public boolean isLocked() {
        return mutex.isLocked();
    }

    /**
     * For the holder: whether its current holding was taken over from a process that died holding the
     * lock. The data the lock guards may then be inconsistent.
     */
    public boolean lastAcquireRecovered() {
        return mutex.recovered();
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, region);
        output.writeInt(offset);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        Region r = kryo.readObject(input, Region.class);
        bind(r, input.readInt());
    }

    @Override
    public String toString() {
        return "Lock[" + LockLayout.describe(mutex.owner()) + " holds it, " + region + "]";
    }
}
