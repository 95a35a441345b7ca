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
 * A recursive lock shared between JVMs: Python's {@code multiprocessing.RLock}, and the lock of every
 * {@code Ipc.value(..)} and {@code Ipc.array(..)} ({@code getLock()}). Made by {@link Ipc#rlock()}.
 *
 * <p>The owner is a thread of a process, (pid, thread id). The owner may acquire it again; each acquire
 * needs its own release, and only the owner may release. Waiters poll, then sleep, as a {@link Lock}'s
 * do; it is not fair.
 *
 * <p><b>Dead holders.</b> If the owning process dies (even by SIGKILL), a waiter notices within about
 * 100 ms, takes the lock over (one hold) and returns normally from {@code acquire};
 * {@link #lastAcquireRecovered()} then tells it that the data the lock guards may be half-updated.
 * Only the death of another process is detected (by pid): a thread of the same JVM that ends while
 * holding the lock keeps it held, and a dead holder whose pid was already reused is not recognised.
 *
 * <p>Memory consistency: everything the owner did before its last {@code release} happens-before whatever
 * the next owner, in any JVM, does after its {@code acquire}. Interrupts do not end a wait; the flag is
 * restored when {@code acquire} returns.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
public final class RLock implements KryoSerializable {
    private Region region;
    private int offset;
    private transient Mutex mutex;

    RLock(Region region, int offset) {
        bind(region, offset);
    }

    static RLock create() {
        Region r = Region.create("rlock-", LockLayout.BYTES);
        Mutex.initialize(r.buffer(), 0);
        return new RLock(r, 0);
    }

    private void bind(Region r, int off) {
        this.region = r;
        this.offset = off;
        this.mutex = Mutex.at(r, off, true);
    }

    Mutex mutex() {
        return mutex;
    }

    /** Blocks until this thread owns the lock (at once if it already does). Returns true. */
    public boolean acquire() {
        return mutex.acquire(-1);
    }

    /** Python's {@code acquire(block)}: with {@code blocking == false}, succeeds only if free or already owned. */
    public boolean acquire(boolean blocking) {
        return mutex.acquire(blocking ? -1 : 0);
    }

    /**
     * Python's {@code acquire(block, timeout)}: waits at most {@code timeout} ({@code null} = no limit,
     * negative = do not wait); {@code blocking == false} ignores the timeout.
     *
     * @return whether this thread now owns the lock
     */
    public boolean acquire(boolean blocking, Duration timeout) {
        return mutex.acquire(blocking ? Timeouts.nanos(timeout) : 0);
    }

    /** {@code acquire(true, timeout)}. */
    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    /**
     * Gives back one hold; the last one frees the lock and wakes a waiter.
     *
     * @throws IllegalMonitorStateException if the calling thread does not own it, naming the owner
     */
    public void release() {
        mutex.release();
    }

    /** Acquires (blocking) and returns a {@link Held} whose {@code close()} releases: Python's {@code with lock:}. */
    public Held hold() {
        mutex.acquire(-1);
        return new Held(mutex);
    }

    /** Whether the calling thread owns it. */
    public boolean isHeldByCurrentThread() {
        return mutex.isMine();
    }

    /** For the owner: whether its holding was taken over from a process that died owning the lock. */
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
        return "RLock[owner " + LockLayout.describe(mutex.owner()) + ", " + region + "]";
    }
}
