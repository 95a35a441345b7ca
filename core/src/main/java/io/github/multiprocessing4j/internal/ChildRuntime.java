package io.github.multiprocessing4j.internal;

/**
 * What a child JVM knows about itself and its parent, set once by {@link WorkerMain} before user code
 * runs. In a JVM that was not started by this library the name is {@code MainProcess}, as in Python.
 */
public final class ChildRuntime {
    private static volatile Bootstrap bootstrap;
    private static volatile Channel channel;

    private ChildRuntime() {
    }

    static void init(Bootstrap boot, Channel parentChannel) {
        bootstrap = boot;
        channel = parentChannel;
    }

    /** Whether this JVM is a child started by multiprocessing4j. */
    public static boolean isChild() {
        return bootstrap != null;
    }

    /** This process's name: the {@code JvmProcess} name in a child, {@code MainProcess} otherwise. */
    public static String currentName() {
        Bootstrap b = bootstrap;
        return b == null ? "MainProcess" : b.name();
    }

    public static boolean isDaemon() {
        Bootstrap b = bootstrap;
        return b != null && b.daemon();
    }

    /** The parent's pid, or -1 in a JVM that has no multiprocessing4j parent. */
    public static long parentPid() {
        Bootstrap b = bootstrap;
        return b == null ? -1 : b.parentPid();
    }

    public static String parentName() {
        Bootstrap b = bootstrap;
        return b == null ? null : b.parentName();
    }

    /** The channel to the parent; only a worker loop that owns it may receive on it. */
    public static Channel channel() {
        Channel c = channel;
        if (c == null) {
            throw new IllegalStateException("not in a multiprocessing4j child JVM");
        }
        return c;
    }
}
