package io.github.multiprocessing4j.internal;

/** The frame types on a parent-to-worker channel. Types with the high bit set carry raw bytes. */
public final class MessageTypes {
    /** parent to child: the process target to run ({@link io.github.multiprocessing4j.SerializableRunnable}). */
    public static final int RUN_TARGET = 1;
    /** parent to worker: a task (a {@code Task} body). */
    public static final int TASK = 2;
    /** parent to worker: finish the tasks already sent, then exit. */
    public static final int STOP = 3;
    /** parent to worker: a function that later TASK frames name by id (the frame's id). */
    public static final int FUNC = 4;
    /** worker to parent: a task's result. */
    public static final int RESULT = 10;
    /** worker to parent: a task's exception. */
    public static final int ERROR = 11;
    /** worker to parent: ready for tasks, after the initializer ran. */
    public static final int READY = 12;
    /** Free for other protocols (queues, pipes, managers): first raw type. */
    public static final int RAW_BASE = 0x80;

    /**
     * How many functions a worker keeps for FUNC ids, oldest dropped first. The parent mirrors the same
     * insertion-ordered cache per worker, so both sides always agree on what the worker has.
     */
    public static final int FUNCTION_CACHE = 64;

    private MessageTypes() {
    }

    public static boolean isRaw(int type) {
        return (type & RAW_BASE) != 0;
    }
}
