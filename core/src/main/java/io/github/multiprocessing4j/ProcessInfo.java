package io.github.multiprocessing4j;

/**
 * A process as seen from inside itself or its child: what Python's {@code current_process()} and
 * {@code parent_process()} report.
 *
 * @param name   {@code MainProcess} for a JVM not started by this library, else the {@link JvmProcess} name
 * @param pid    the operating system's process id
 * @param daemon whether the process is a daemon child
 */
public record ProcessInfo(String name, long pid, boolean daemon) {
}
