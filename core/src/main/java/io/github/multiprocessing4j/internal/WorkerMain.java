package io.github.multiprocessing4j.internal;

import java.io.IOException;
import java.nio.file.Paths;

/**
 * The main class of every child JVM. Reads the bootstrap from stdin, connects and authenticates to the
 * parent, receives the target and runs it.
 *
 * <p>Exit codes, as Python's child: 0 when the target returns (after the JVM's non-daemon threads end),
 * 1 when it throws (the stack trace goes to stderr first), {@code n} on {@code System.exit(n)}. The JVM
 * halts with {@link #EXIT_PARENT_DIED} as soon as the parent's end of the channel closes: the kernel
 * closes it whenever the parent dies, SIGKILL included, so no child outlives its parent.
 */
public final class WorkerMain {
    /** The exit code of a child whose parent died. */
    public static final int EXIT_PARENT_DIED = 70;
    /** The exit code of a child that could not reach or understand its parent. */
    public static final int EXIT_BOOTSTRAP_FAILED = 71;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        // No lambdas or method references on this path: the first one in a JVM costs ~4 ms of
        // java.lang.invoke set-up, which the warm-up thread takes instead, off the main thread.
        Thread warmup = new Thread(new Runnable() {
            @Override
            public void run() {
                warmUp();
            }
        }, "mp4j-warmup");
        warmup.setDaemon(true);
        warmup.start();
        Bootstrap boot;
        Channel channel;
        try {
            boot = Bootstrap.read(System.in);
            Codec.local();
            channel = Channel.connect(Paths.get(boot.socketPath()), boot.secret(), "parent (pid " + boot.parentPid() + ")",
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
        } catch (IOException | RuntimeException e) {
            System.err.println("multiprocessing4j worker: cannot reach the parent: " + e);
            Runtime.getRuntime().halt(EXIT_BOOTSTRAP_FAILED);
            return;
        }
        ChildRuntime.init(boot, channel);
        Thread.currentThread().setName(boot.name());
        // A thread blocked in a native read delays JVM exit by up to 300 ms (HotSpot waits for threads in
        // native before it halts); closing the channel first releases the watchdog's read.
        Runtime.getRuntime().addShutdownHook(new Thread("mp4j-close-parent-channel") {
            @Override
            public void run() {
                channel.close();
            }
        });

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
            target = m.bodyOrThrow();
        } catch (IOException | RuntimeException e) {
            System.err.println("Process " + boot.name() + ": cannot receive the target from the parent:");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        if (!(target instanceof ChannelOwner)) {
            Thread watchdog = new Thread("mp4j-parent-watchdog") {
                @Override
                public void run() {
                    watchParent(channel);
                }
            };
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

    /**
     * Runs the one-time initialisations of the connect path on another core while the main thread waits
     * for the bootstrap and builds its Kryo: opening the first Unix socket seeds a SecureRandom in the
     * JDK, which costs about 20 ms of a child's start; then the first lambda of the JVM, whose
     * {@code java.lang.invoke} set-up a lambda target would otherwise pay for on the main thread.
     */
    private static void warmUp() {
        try {
            java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException ignored) {
            // the real connect will report any problem
        }
        Runnable firstLambda = () -> { }; // sets up java.lang.invoke here, before a lambda target is decoded
        firstLambda.run();

    }

    private static void watchParent(Channel channel) {
        try {
            while (channel.receive() != null) {
                // nothing else is sent to a plain process after its target
            }
        } catch (IOException | RuntimeException ignored) {
            // a broken channel means the same as a closed one
        }
        if (!channel.isClosed()) { // closed here means this JVM is exiting on its own
            parentDied();
        }
    }

    private static void parentDied() {
        Runtime.getRuntime().halt(EXIT_PARENT_DIED);
    }
}
