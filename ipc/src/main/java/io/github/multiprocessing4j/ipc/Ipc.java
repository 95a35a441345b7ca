package io.github.multiprocessing4j.ipc;

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
}
