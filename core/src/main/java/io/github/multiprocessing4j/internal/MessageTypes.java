package io.github.multiprocessing4j.internal;

/** The frame types on a parent-to-worker channel. Types with the high bit set carry raw bytes. */
public final class MessageTypes {
    /** parent to child: the process target to run ({@link io.github.multiprocessing4j.SerializableRunnable}). */
    public static final int RUN_TARGET = 1;
    /** parent to worker: a task (a {@code Task} body). */
    public static final int TASK = 2;
    /** parent to worker: finish the tasks already sent, then exit. */
    public static final int STOP = 3;
    /** worker to parent: a task's result. */
    public static final int RESULT = 10;
    /** worker to parent: a task's exception. */
    public static final int ERROR = 11;
    /** worker to parent: ready for tasks, after the initializer ran. */
    public static final int READY = 12;
    /** Free for other protocols (queues, pipes, managers): first raw type. */
    public static final int RAW_BASE = 0x80;

    private MessageTypes() {
    }

    public static boolean isRaw(int type) {
        return (type & RAW_BASE) != 0;
    }
}
