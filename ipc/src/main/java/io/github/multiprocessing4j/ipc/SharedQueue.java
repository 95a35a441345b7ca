package io.github.multiprocessing4j.ipc;

import java.util.concurrent.BlockingQueue;

/**
 * A {@link BlockingQueue} shared by every JVM that holds it: Python's {@code multiprocessing.Queue} and
 * {@code SimpleQueue}. Made by {@link Ipc#queue()}, {@link Ipc#queue(int)} and {@link Ipc#simpleQueue()};
 * capture it in a {@link io.github.multiprocessing4j.JvmProcess} target or a task to use it in the child.
 *
 * <pre>{@code
 * SharedQueue<List<Object>> q = Ipc.queue();
 * JvmProcess p = new JvmProcess(() -> q.put(Arrays.asList(42, null, "hello"))).start();
 * System.out.println(q.take());   // [42, null, hello]
 * p.join();
 * q.close();
 * }</pre>
 *
 * <p>Items are encoded with the library's codec when put and decoded when taken, so the taker gets a copy;
 * any encodable type works, up to hundreds of MiB per item. Null items are refused, as by every
 * {@code BlockingQueue} ({@code NullPointerException}); use a sentinel object where Python would put
 * {@code None}. Items put by one thread come out in the order it put them.
 *
 * <p>Blocking: {@code put} waits while the queue holds {@code maxsize} items (or, unbounded, while its
 * buffer is full: see {@link Ipc#queue()}); {@code take} waits while it is empty. Both spin a few
 * microseconds, then sleep without using CPU until the other side signals. A completed {@code put} does not
 * depend on any consumer: the producer may exit at once and the item stays in the queue (no
 * {@code join_thread} step, no deadlock when a process that put a big item is joined before the item is
 * taken, unlike CPython gh-73983).
 *
 * <p>Memory consistency effects: actions in a thread before it puts an item happen-before actions after
 * the take that returns that item, in whatever JVM.
 *
 * <p>Not supported, because other JVMs change the queue under any traversal: {@code iterator()},
 * {@code contains}, {@code remove(Object)}, {@code removeAll}, {@code retainAll}, {@code toArray}; they throw
 * {@link UnsupportedOperationException}. {@code size()} is a snapshot, like Python's {@code qsize()}.
 *
 * <p>Durability: an item is lost only if the process taking it is killed in the middle of that take;
 * a process killed between two takes loses nothing.
 */
public interface SharedQueue<E> extends BlockingQueue<E>, AutoCloseable {
    /**
     * Closes this handle. Idempotent. Afterwards every operation on this handle throws
     * {@link IllegalStateException}.
     *
     * <p>In the JVM that created the queue, close also shuts the queue down for every process: their
     * {@code put}s throw {@link ClosedException}, their {@code take}s return what is left and then throw
     * {@link ClosedException} instead of waiting (blocked ones wake at once), and the queue's file is removed
     * (processes that already use the queue keep their mapping). The same happens when the creating JVM
     * exits or dies. In any other JVM, close only releases this JVM's handle (Python: "this process will put
     * no more data").
     */
    @Override
    void close();

    /** Whether {@link #close()} was called on this handle in this JVM. */
    boolean isClosed();
}
