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
