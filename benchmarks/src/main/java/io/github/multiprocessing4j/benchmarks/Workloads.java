package io.github.multiprocessing4j.benchmarks;

import java.util.List;

/** Every workload, in {@code mp_bench.py}'s order. Add a new one with one line here. */
final class Workloads {
    static final List<Workload> ALL = List.of(
            new ProcessStartup(),
            PoolWorkloads.POOL_STARTUP,
            PoolWorkloads.MAP_SMALL,
            PoolWorkloads.MAP_CHUNK1,
            PoolWorkloads.APPLY_LATENCY,
            new ExecutorSubmit(),
            new QueueThroughput(),
            new PipePingpong(),
            new PipeBulk(),
            ValueCounting.underLock(),
            ValueCounting.atomic(),
            new EventHandoff(),
            new ManagerDict(),
            PoolWorkloads.CPU_SPEEDUP,
            PoolWorkloads.MAP_PAYLOAD,
            new WorkerRss(),
            new QueueWakeup(),
            WorkerJit.OBJECT_TASKS,
            WorkerJit.LOOP_TASKS,
            ClusterWorkloads.CLUSTER_MAP_CHUNK1,
            ClusterWorkloads.CLUSTER_APPLY_LATENCY
    );

    private Workloads() {
    }
}
