package io.github.multiprocessing4j.ipc;

import java.util.Objects;

/**
 * The two ends of a pipe made by {@link Ipc#pipe()} or {@link Ipc#pipe(boolean)}: Python's
 * {@code conn1, conn2 = Pipe(duplex)}.
 *
 * <pre>{@code
 * Pipe pipe = Ipc.pipe();
 * Connection parentConn = pipe.left(), childConn = pipe.right();
 * JvmProcess p = new JvmProcess(() -> { childConn.send(List.of(42, "hello")); childConn.close(); }).start();
 * System.out.println(parentConn.recv());
 * }</pre>
 */
public final class Pipe {
    private final Connection left;
    private final Connection right;

    /** For {@link Ipc#pipe(boolean)}; not for users. */
    public Pipe(Connection left, Connection right) {
        this.left = Objects.requireNonNull(left, "left");
        this.right = Objects.requireNonNull(right, "right");
    }

    /** Python's {@code conn1}: in a one-way pipe, the receiving end. */
    public Connection left() {
        return left;
    }

    /** Python's {@code conn2}: in a one-way pipe, the sending end. */
    public Connection right() {
        return right;
    }
}
