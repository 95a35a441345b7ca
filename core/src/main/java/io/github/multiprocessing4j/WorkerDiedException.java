package io.github.multiprocessing4j;

import java.util.OptionalInt;

/**
 * A worker JVM ended while it owed a result: it was killed, called {@code Runtime.halt}, crashed, or
 * ran out of memory. Python's {@code BrokenProcessPool}, but it fails only the tasks that worker held;
 * the pool replaces the worker and goes on.
 */
public class WorkerDiedException extends MultiprocessingException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final Integer exitCode;

    public WorkerDiedException(String message, long pid, OptionalInt exitCode) {
        super(message);
        this.pid = pid;
        this.exitCode = exitCode.isPresent() ? exitCode.getAsInt() : null;
    }

    /** The process id of the worker that died. */
    public long pid() {
        return pid;
    }

    /**
     * The worker's exit code when it is known: {@code 128 + N} means it was ended by signal {@code N}
     * (137 for SIGKILL, 143 for SIGTERM), as a shell reports it.
     */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** Describes an exit code for a message: {@code "exit code 137 (SIGKILL)"}. */
    public static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode < 128 + 65) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            return "exit code " + exitCode + " (" + name + ")";
        }
        return "exit code " + exitCode;
    }
}
