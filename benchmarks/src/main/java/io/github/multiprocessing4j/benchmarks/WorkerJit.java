package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.ProcessPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code jit_object_tasks} and {@code jit_loop_tasks} (not in {@code mp_bench.py}): what pool workers'
 * delayed C2 does to tasks that are not trivial, reported as the time with the pool's defaults and, in
 * {@code jdk_ms}, with the JDK's own thresholds passed in {@code jvmOptions}; each in a fresh pool of 2,
 * twice, alternating (so neither setting always meets a colder parent), the better of the two reported.
 * Object tasks are ordinary code (a map, strings, a sort; ~0.2 ms each); loop tasks each run a
 * 2,000-iteration loop, the kind of method a delayed C2 could leave in slower code for longer.
 */
final class WorkerJit {
    private WorkerJit() {
    }

    private static final String[] JDK_THRESHOLDS = {"-XX:Tier4InvocationThreshold=5000",
        "-XX:Tier4MinInvocationThreshold=600", "-XX:Tier4CompileThreshold=15000"};

    static long objectWork(int seed) {
        Random r = new Random(seed);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            m.merge("k" + r.nextInt(50), i, Integer::sum);
        }
        List<Integer> values = new ArrayList<>(m.values());
        Collections.sort(values);
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s + String.valueOf(m.keySet()).length();
    }

    static long loopWork(int seed) {
        long s = seed;
        for (int i = 0; i < 2000; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            s ^= s >>> 29;
        }
        return s;
    }

    private static double millis(SerializableIntTask task, int n, int chunksize, String... jvmOptions) {
        List<Integer> items = PoolWorkloads.range(n);
        try (ProcessPool p = ProcessPool.builder().processes(2).jvmOptions(jvmOptions).build()) {
            p.map(task::apply, List.of(0, 1), 1);
            long t = System.nanoTime();
            p.map(task::apply, items, chunksize);
            return (System.nanoTime() - t) / 1e6;
        }
    }

    interface SerializableIntTask extends java.io.Serializable {
        long apply(int x);
    }

    private static void compare(String name, SerializableIntTask task, int n, int chunksize) {
        double ours = Double.MAX_VALUE;
        double jdk = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            jdk = Math.min(jdk, millis(task, n, chunksize, JDK_THRESHOLDS));
            ours = Math.min(ours, millis(task, n, chunksize));
        }
        Bench.report(name, ours, "ms", "jdk_ms", Math.round(jdk), "n", n);
    }

    static final Workload OBJECT_TASKS = PoolWorkloads.named("jit_object_tasks",
            () -> compare("jit_object_tasks", WorkerJit::objectWork, 20_000, 10));

    static final Workload LOOP_TASKS = PoolWorkloads.named("jit_loop_tasks",
            () -> compare("jit_loop_tasks", WorkerJit::loopWork, 50_000, 50));
}
