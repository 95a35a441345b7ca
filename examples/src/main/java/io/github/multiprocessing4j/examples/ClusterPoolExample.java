package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.ClusterPool;
import io.github.multiprocessing4j.Pool;
import io.github.multiprocessing4j.cluster.LoopbackCluster;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's {@code mppool_example.py} ({@link MpPoolExample}) on a 3-member Hazelcast cluster on this
 * machine: the same {@code Pool} code, with {@link ClusterPool} in place of {@code ProcessPool}. Then the
 * same map again, with one member SIGKILLed halfway: its tasks run again on the two that remain, so the
 * result is the same, a little later.
 */
public final class ClusterPoolExample {
    static final List<Integer> ITERABLE = List.of(1, 2, 3, 4, 5);

    private ClusterPoolExample() {
    }

    static int f(int x) {
        ExampleClock.sleepSeconds(2);
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            long start = System.nanoTime();
            try (Pool pool = new ClusterPool(cluster.client(), 5)) {
                System.out.println(pool.map(ClusterPoolExample::f, ITERABLE));
            }
            System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            try (Pool pool = new ClusterPool(cluster.client(), 5)) {
                CompletableFuture<List<Integer>> results = pool.mapAsync(ClusterPoolExample::f, ITERABLE);
                ExampleClock.sleepSeconds(1);
                cluster.kill(2);
                System.out.println("with a member killed halfway: " + results.get());
            }
            System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);
        }
    }
}
