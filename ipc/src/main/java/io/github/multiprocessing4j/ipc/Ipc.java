package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.ipc.internal.MappedQueue;
import io.github.multiprocessing4j.ipc.internal.SocketConnection;

/**
 * The factory for everything shared between JVMs, in Python's spelling: {@code Ipc.queue()} is
 * {@code multiprocessing.Queue()}, {@code Ipc.value(0.0)} is {@code Value('d', 0.0)}, and so on.
 *
 * <p>Every object made here can be captured by a task or a {@link io.github.multiprocessing4j.JvmProcess}
 * target and used in the child exactly as in the parent, as the seed passes {@code q}, {@code conn},
 * {@code num} and {@code arr} in {@code args=(...)}.
 */
public final class Ipc {
    private Ipc() {
    }

    // --- shared memory and synchronisation ---
    // Lifecycle of everything in this block (one mechanism: RuntimeDir). Each object lives in a memory-mapped
    // file in the creating JVM's runtime directory. Objects travel to other JVMs by file path (captured in a
    // task or JvmProcess target, via Kryo) and map the same memory there. The file is removed
    //  - for values, arrays, locks, semaphores, events, conditions, barriers: when the creating JVM no longer
    //    references the object (a Cleaner, like Python freeing a Value with its last reference), or exits;
    //  - for SharedMemory: by unlink(), or when the creating JVM exits;
    //  - in every case: by the next JVM's sweep if the creator was SIGKILLed.
    // Memory already mapped stays valid in every JVM whatever happens to the file; only sending the object
    // to a JVM that has not mapped it yet needs the file. None of these objects needs closing; close() on
    // SharedMemory ends that object's use in this JVM, as in Python.

    /** Python's {@code Value('d', initial)}: a shared double with its own {@link RLock} ({@code getLock()}). */
    public static SharedDouble value(double initial) {
        return SharedDouble.create(initial, true);
    }

    /** Python's {@code Value('q', initial)}: a shared long with its own {@link RLock}. */
    public static SharedLong value(long initial) {
        return SharedLong.create(initial, true);
    }

    /** Python's {@code Value('i', initial)}: a shared int with its own {@link RLock}. */
    public static SharedInt value(int initial) {
        return SharedInt.create(initial, true);
    }

    /** Python's {@code RawValue('d', initial)}: no lock, only atomic accesses. */
    public static SharedDouble rawValue(double initial) {
        return SharedDouble.create(initial, false);
    }

    /** Python's {@code RawValue('q', initial)}: no lock, only atomic accesses. */
    public static SharedLong rawValue(long initial) {
        return SharedLong.create(initial, false);
    }

    /** Python's {@code RawValue('i', initial)}: no lock, only atomic accesses. */
    public static SharedInt rawValue(int initial) {
        return SharedInt.create(initial, false);
    }

    /** Python's {@code Array('i', initial)}: a copy of {@code initial} with its own {@link RLock}. */
    public static SharedIntArray array(int[] initial) {
        return SharedIntArray.create(initial, true);
    }

    /** Python's {@code Array('q', initial)}: a copy of {@code initial} with its own {@link RLock}. */
    public static SharedLongArray array(long[] initial) {
        return SharedLongArray.create(initial, true);
    }

    /** Python's {@code Array('d', initial)}: a copy of {@code initial} with its own {@link RLock}. */
    public static SharedDoubleArray array(double[] initial) {
        return SharedDoubleArray.create(initial, true);
    }

    /** Python's {@code Array('i', length)}: {@code length} zeros with their own {@link RLock}. */
    public static SharedIntArray intArray(int length) {
        return SharedIntArray.create(length, true);
    }

    /** Python's {@code Array('q', length)}: {@code length} zeros with their own {@link RLock}. */
    public static SharedLongArray longArray(int length) {
        return SharedLongArray.create(length, true);
    }

    /** Python's {@code Array('d', length)}: {@code length} zeros with their own {@link RLock}. */
    public static SharedDoubleArray doubleArray(int length) {
        return SharedDoubleArray.create(length, true);
    }

    /** Python's {@code RawArray('i', initial)}: no lock. */
    public static SharedIntArray rawArray(int[] initial) {
        return SharedIntArray.create(initial, false);
    }

    /** Python's {@code RawArray('q', initial)}: no lock. */
    public static SharedLongArray rawArray(long[] initial) {
        return SharedLongArray.create(initial, false);
    }

    /** Python's {@code RawArray('d', initial)}: no lock. */
    public static SharedDoubleArray rawArray(double[] initial) {
        return SharedDoubleArray.create(initial, false);
    }

    /** Python's {@code RawArray('i', length)}: {@code length} zeros, no lock. */
    public static SharedIntArray rawIntArray(int length) {
        return SharedIntArray.create(length, false);
    }

    /** Python's {@code RawArray('q', length)}: {@code length} zeros, no lock. */
    public static SharedLongArray rawLongArray(int length) {
        return SharedLongArray.create(length, false);
    }

    /** Python's {@code RawArray('d', length)}: {@code length} zeros, no lock. */
    public static SharedDoubleArray rawDoubleArray(int length) {
        return SharedDoubleArray.create(length, false);
    }

    /**
     * Python's {@code SharedMemory(name, create=True, size=size)}: a new zero-filled named block.
     *
     * @throws io.github.multiprocessing4j.MultiprocessingException if a running JVM already has that name
     * @throws IllegalArgumentException if the name is not 1 to 100 of {@code [A-Za-z0-9._-]} or size is not positive
     */
    public static SharedMemory sharedMemory(String name, int size) {
        return SharedMemory.create(name, size);
    }

    /** Python's {@code SharedMemory(create=True, size=size)}: a new block with a generated name {@code psm_<hex>}. */
    public static SharedMemory sharedMemory(int size) {
        return SharedMemory.create("psm_" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 4), size);
    }

    /**
     * Python's {@code SharedMemory(name)}: attaches to a block another (or this) running JVM created.
     *
     * @throws io.github.multiprocessing4j.MultiprocessingException if no running JVM has that name
     */
    public static SharedMemory attachSharedMemory(String name) {
        return SharedMemory.attach(name);
    }

    /** Python's {@code Lock()}. */
    public static Lock lock() {
        return Lock.create();
    }

    /** Python's {@code RLock()}. */
    public static RLock rlock() {
        return RLock.create();
    }

    /** Python's {@code Semaphore(value)}: {@code value >= 0} permits, {@code release} unbounded. */
    public static Semaphore semaphore(int value) {
        return Semaphore.create(value, false);
    }

    /** Python's {@code BoundedSemaphore(value)}: {@code release} beyond {@code value} permits throws. */
    public static Semaphore boundedSemaphore(int value) {
        return Semaphore.create(value, true);
    }

    /** Python's {@code Event()}, initially clear. */
    public static Event event() {
        return Event.create();
    }

    /** Python's {@code Condition()}: over a new {@link RLock}. */
    public static Condition condition() {
        return Condition.create(RLock.create());
    }

    /** Python's {@code Condition(lock)} over a recursive lock. */
    public static Condition condition(RLock lock) {
        return Condition.create(lock);
    }

    /** Python's {@code Condition(lock)} over a plain lock. */
    public static Condition condition(Lock lock) {
        return Condition.create(lock);
    }

    /** Python's {@code Barrier(parties)}. */
    public static Barrier barrier(int parties) {
        return Barrier.create(parties, null, null);
    }

    /**
     * Python's {@code Barrier(parties, action, timeout)}: {@code action} (may be null) runs in the last
     * arriving thread before the others are released; {@code timeout} (may be null) is the default for
     * {@link Barrier#await()}.
     */
    public static Barrier barrier(int parties, io.github.multiprocessing4j.SerializableRunnable action,
                                  java.time.Duration timeout) {
        return Barrier.create(parties, action, timeout);
    }
    // --- end shared memory and synchronisation ---

    // --- queues and pipes ---

    /**
     * A new unbounded queue shared between JVMs: Python's {@code multiprocessing.Queue()}. Call from any
     * thread; the queue's file lives in this JVM's private runtime directory.
     *
     * <p>"Unbounded" as far as item count goes: its buffer keeps at least 16,384 small items (1 MiB of
     * encoded bytes; any item larger than 256 KiB goes to a file of its own and takes one slot), and
     * {@code put} waits only when that buffer is full. Python would keep such a backlog in the producer's
     * memory and then hang at process exit (gh-73983) instead.
     *
     * @see SharedQueue for blocking, close and memory-consistency semantics
     */
    public static <E> SharedQueue<E> queue() {
        return MappedQueue.create(MappedQueue.QUEUE, 0);
    }

    /**
     * A new queue holding at most {@code maxsize} items: Python's {@code Queue(maxsize)}; {@code put} waits
     * while it is full. {@code maxsize} 0 means unbounded, as in Python.
     *
     * @throws IllegalArgumentException if {@code maxsize < 0}
     */
    public static <E> SharedQueue<E> queue(int maxsize) {
        return MappedQueue.create(MappedQueue.QUEUE, maxsize);
    }

    /** A new unbounded {@link JoinableQueue}: Python's {@code multiprocessing.JoinableQueue()}. */
    public static <E> JoinableQueue<E> joinableQueue() {
        return MappedQueue.create(MappedQueue.JOINABLE, 0);
    }

    /**
     * A new {@link JoinableQueue} holding at most {@code maxsize} items (0: unbounded).
     *
     * @throws IllegalArgumentException if {@code maxsize < 0}
     */
    public static <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return MappedQueue.create(MappedQueue.JOINABLE, maxsize);
    }

    /**
     * A new unbounded queue: Python's {@code multiprocessing.SimpleQueue()}. Python's SimpleQueue differs from
     * its Queue by having no feeder thread; neither queue here has one, so this is the same mechanism as
     * {@link #queue()}, kept for 1:1 ports.
     */
    public static <E> SharedQueue<E> simpleQueue() {
        return MappedQueue.create(MappedQueue.SIMPLE, 0);
    }

    /** A new duplex pipe: Python's {@code Pipe()}; both ends send and receive. */
    public static Pipe pipe() {
        return pipe(true);
    }

    /**
     * A new pipe: Python's {@code Pipe(duplex)}. One-way ({@code duplex == false}): {@link Pipe#left()} only
     * receives and {@link Pipe#right()} only sends, as Python's {@code conn1} and {@code conn2}.
     */
    public static Pipe pipe(boolean duplex) {
        return SocketConnection.pipe(duplex);
    }
    // --- end of queues and pipes ---
}
