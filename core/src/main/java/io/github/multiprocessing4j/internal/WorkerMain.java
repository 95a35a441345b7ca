package io.github.multiprocessing4j.internal;

import java.io.IOException;
import java.nio.file.Paths;

/**
 * The main class of every child JVM. Reads the bootstrap from stdin, connects and authenticates to the
 * parent, receives the target and runs it.
 *
 * <p>Exit codes, as Python's child: 0 when the target returns (after the JVM's non-daemon threads end),
 * 1 when it throws (the stack trace goes to stderr first), {@code n} on {@code System.exit(n)}. The JVM
 * halts with {@link #EXIT_PARENT_DIED} as soon as the parent's end of the channel closes, which is how a
 * SIGKILLed parent leaves no orphan.
 */
public final class WorkerMain {
    /** The exit code of a child whose parent died. */
    public static final int EXIT_PARENT_DIED = 70;
    /** The exit code of a child that could not reach or understand its parent. */
    public static final int EXIT_BOOTSTRAP_FAILED = 71;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        Bootstrap boot;
        Channel channel;
        try {
            boot = Bootstrap.read(System.in);
            channel = Channel.connect(Paths.get(boot.socketPath()), boot.secret(), "parent (pid " + boot.parentPid() + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("multiprocessing4j worker: cannot reach the parent: " + e);
            Runtime.getRuntime().halt(EXIT_BOOTSTRAP_FAILED);
            return;
        }
        ChildRuntime.init(boot, channel);
        Thread.currentThread().setName(boot.name());
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(WorkerMain::parentDied));

        Object target;
        try {
            Channel.Message m = channel.receive();
            if (m == null) {
                parentDied();
                return;
            }
            if (m.type() != MessageTypes.RUN_TARGET) {
                throw new IOException("expected the process target, got frame type " + m.type());
            }
            target = m.body();
        } catch (IOException | RuntimeException e) {
            System.err.println("Process " + boot.name() + ": cannot receive the target from the parent:");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        if (!(target instanceof ChannelOwner)) {
            Thread watchdog = new Thread(() -> watchParent(channel), "mp4j-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try {
            ((Runnable) target).run();
        } catch (Throwable t) {
            System.err.println("Process " + boot.name() + ":");
            t.printStackTrace();
            System.err.flush();
            System.exit(1);
        }
        System.out.flush();
    }

    private static void watchParent(Channel channel) {
        try {
            while (channel.receive() != null) {
                // nothing else is sent to a plain process after its target
            }
        } catch (IOException | RuntimeException ignored) {
            // a broken channel means the same as a closed one
        }
        parentDied();
    }

    private static void parentDied() {
        Runtime.getRuntime().halt(EXIT_PARENT_DIED);
    }
}
