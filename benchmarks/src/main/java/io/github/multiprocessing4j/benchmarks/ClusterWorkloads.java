package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.ClusterPool;
import io.github.multiprocessing4j.cluster.LoopbackCluster;
import java.util.List;

/**
 * {@code map_chunk1} and {@code apply_latency} on a {@link ClusterPool} over a 2-member loopback cluster
 * (this JVM is a Hazelcast client), to put next to the {@code ProcessPool} figures: the price of a
 * cluster round trip (client to member over TCP, Hazelcast's executor, Kryo inside Java serialization)
 * for work that can then move to other machines and survive a member's loss.
 */
final class ClusterWorkloads {
    /** Tasks in flight for the throughput run: enough to keep both members' executors busy. */
    private static final int SLOTS = 16;

    private ClusterWorkloads() {
    }

    /** {@code cluster_map_chunk1}: 20,000 squares, one per task, at most 16 tasks in flight. */
    static final Workload CLUSTER_MAP_CHUNK1 = PoolWorkloads.named("cluster_map_chunk1", () -> {
        int n = 20_000;
        List<Integer> items = PoolWorkloads.range(n);
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             ClusterPool p = new ClusterPool(cluster.client(), SLOTS)) {
            p.map(PoolWorkloads::square, PoolWorkloads.range(2_000), 1); // warm both members
            long t = System.nanoTime();
            p.map(PoolWorkloads::square, items, 1);
            double dt = (System.nanoTime() - t) / 1e9;
            Bench.report("cluster_map_chunk1", n / dt, "tasks/s", "n", n, "members", 2, "in_flight", SLOTS);
        }
    });

    /** {@code cluster_apply_latency}: 2,000 sequential applies, one at a time. */
    static final Workload CLUSTER_APPLY_LATENCY = PoolWorkloads.named("cluster_apply_latency", () -> {
        int n = 2000;
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             ClusterPool p = new ClusterPool(cluster.client(), 1)) {
            for (int i = 0; i < 500; i++) {
                p.apply(() -> PoolWorkloads.square(1));
            }
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int x = i;
                p.apply(() -> PoolWorkloads.square(x));
            }
            double dt = (System.nanoTime() - t) / 1e3;
            Bench.report("cluster_apply_latency", dt / n, "us", "n", n, "members", 2);
        }
    });
}
