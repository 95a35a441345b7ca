package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.ChildRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Module-level functions of Python's {@code multiprocessing}. All are thread-safe. */
public final class Multiprocessing {
    private static final Set<JvmProcess> CHILDREN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Multiprocessing::atExit, "mp4j-children-at-exit"));
    }

    private Multiprocessing() {
    }

    /** The number of processors this JVM may use ({@code os.cpu_count()}, honouring container limits). */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** This process: {@code MainProcess} in a JVM not started by this library, else its {@link JvmProcess} name. */
    public static ProcessInfo currentProcess() {
        return new ProcessInfo(ChildRuntime.currentName(), ProcessHandle.current().pid(), ChildRuntime.isDaemon());
    }

    /** The parent of this process if it is a child started by this library (Python's {@code parent_process()}). */
    public static Optional<ProcessInfo> parentProcess() {
        if (!ChildRuntime.isChild()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessInfo(ChildRuntime.parentName(), ChildRuntime.parentPid(), false));
    }

    /**
     * The children of this JVM that are still running, pool workers included. As in Python, calling it
     * also forgets children that have ended.
     */
    public static List<JvmProcess> activeChildren() {
        List<JvmProcess> alive = new ArrayList<>();
        for (JvmProcess p : CHILDREN) {
            if (p.isAlive()) {
                alive.add(p);
            } else {
                CHILDREN.remove(p);
            }
        }
        return alive;
    }

    static void register(JvmProcess p) {
        CHILDREN.add(p);
        p.child().finished().whenComplete((code, e) -> CHILDREN.remove(p));
    }

    /** Python's exit function: end daemon children, then wait for the others. */
    private static void atExit() {
        for (JvmProcess p : CHILDREN) {
            if (p.isDaemon() && p.isAlive()) {
                p.terminate();
            }
        }
        for (JvmProcess p : CHILDREN) {
            if (!p.isDaemon()) {
                p.join();
            }
        }
    }
}
