package io.github.multiprocessing4j.ipc;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.ipc.internal.Region;
import io.github.multiprocessing4j.ipc.internal.Sem;
import io.github.multiprocessing4j.ipc.internal.SemaphoreLayout;
import java.time.Duration;

/**
 * A counting semaphore shared between JVMs: Python's {@code multiprocessing.Semaphore}
 * ({@link Ipc#semaphore(int)}) and {@code BoundedSemaphore} ({@link Ipc#boundedSemaphore(int)}, whose
 * {@code release} refuses to go above the initial value).
 *
 * <p>Permits have no owner: any thread of any JVM may release, and a process that dies holding permits
 * does not give them back (as in Python). Waiters spin briefly, then sleep without CPU.
 *
 * <p>Memory consistency: a {@code release} happens-before the {@code acquire} that takes its permit.
 * Interrupts do not end a wait; the flag is restored when {@code acquire} returns.
 *
 * <p>Lifecycle: its memory-mapped file goes when the creating JVM drops the object or exits (or is
 * killed); a JVM that has already decoded it keeps working on the same memory. Nothing to close.
 */
public final class Semaphore implements KryoSerializable {
    private Region region;
    private transient Sem sem;

    private Semaphore(Region region) {
        bind(region);
    }

    static Semaphore create(int value, boolean bounded) {
        if (value < 0) {
            throw new IllegalArgumentException("semaphore initial value < 0: " + value);
        }
        Region r = Region.create("sem-", SemaphoreLayout.BYTES);
        Sem.initialize(r.buffer(), 0, value, bounded ? value : Long.MAX_VALUE);
        return new Semaphore(r);
    }

    private void bind(Region r) {
        this.region = r;
        this.sem = Sem.at(r.buffer(), 0);
    }

    /** Blocks until a permit is taken. Returns true. */
    public boolean acquire() {
        return sem.acquire(-1);
    }

    /** Python's {@code acquire(block)}: with {@code blocking == false}, takes a permit only if one is free now. */
    public boolean acquire(boolean blocking) {
        return sem.acquire(blocking ? -1 : 0);
    }

    /**
     * Python's {@code acquire(block, timeout)}: waits at most {@code timeout} ({@code null} = no limit,
     * negative = do not wait); {@code blocking == false} ignores the timeout.
     *
     * @return whether a permit was taken
     */
    public boolean acquire(boolean blocking, Duration timeout) {
        return sem.acquire(blocking ? Timeouts.nanos(timeout) : 0);
    }

    /** {@code acquire(true, timeout)}. */
    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    /**
     * Adds a permit and wakes waiters.
     *
     * @throws IllegalStateException for a bounded semaphore already at its initial value
     *     ("BoundedSemaphore released too many times: value is already its bound 2")
     */
    public void release() {
        if (!sem.release()) {
            throw new IllegalStateException("BoundedSemaphore released too many times: value is already its bound "
                    + sem.bound());
        }
    }

    /** Takes a permit (blocking) and returns a {@link Held} whose {@code close()} gives it back. */
    public Held hold() {
        acquire();
        return new Held(this::release);
    }

    /** Permits available now: Python's {@code get_value()} (a snapshot). */
    public int getValue() {
        return (int) sem.value();
    }

    /** Whether {@code release} refuses to exceed the initial value (a {@code BoundedSemaphore}). */
    public boolean isBounded() {
        return sem.bound() != Long.MAX_VALUE;
    }

    @Override
    public void write(Kryo kryo, Output output) {
        kryo.writeObject(output, region);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        bind(kryo.readObject(input, Region.class));
    }

    @Override
    public String toString() {
        return (isBounded() ? "BoundedSemaphore[value=" : "Semaphore[value=") + sem.value() + ", " + region + "]";
    }
}
