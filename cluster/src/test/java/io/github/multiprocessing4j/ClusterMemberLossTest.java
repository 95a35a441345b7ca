package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import io.github.multiprocessing4j.cluster.ClusterIpc;
import io.github.multiprocessing4j.cluster.LoopbackCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member SIGKILLed in the middle of a {@code map}. The documented outcome (see {@link ClusterPool}): the
 * tasks it was running are run again on the member that remains (at least once), so the map completes
 * with every result, promptly, and the pool goes on.
 */
class ClusterMemberLossTest {
    private static LoopbackCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LoopbackCluster.start(2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Runs on a member: logs "item@pid" to the cluster queue "started", then works 0.2 s, or, on the
     * member that will be killed, 60 s: a task of the victim can then only complete by running again
     * elsewhere, whatever the timing of the kill.
     */
    static long reportThenWork(int item, long victim) {
        long pid = ProcessHandle.current().pid();
        BlockingQueue<String> started = ClusterIpc.queue(Hazelcast.getAllHazelcastInstances().iterator().next(), "started");
        started.offer(item + "@" + pid);
        PoolContractTest.sleepThenReturn(pid == victim ? 60_000 : 200);
        return pid;
    }

    @Test
    void aMemberKilledMidMapHasItsTasksRunAgainOnTheSurvivor() throws Exception {
        long victim = cluster.members().get(1).pid();
        long survivor = cluster.members().get(0).pid();
        BlockingQueue<String> started = ClusterIpc.queue(cluster.client(), "started");
        try (ClusterPool pool = new ClusterPool(cluster.client(), 4)) {
            // 40 one-item chunks on partitions of both members: the victim gets some (all but surely), and
            // once it holds all 4 slots the map waits for the kill
            List<Integer> items = IntStream.range(0, 40).boxed().collect(Collectors.toList());
            CompletableFuture<List<Long>> map = pool.mapAsync(i -> reportThenWork(i, victim), items, 1, null, null);
            List<String> log = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                started.drainTo(log);
                return log.stream().anyMatch(s -> s.endsWith("@" + victim));
            });
            long killedAt = System.nanoTime();
            cluster.kill(1);

            List<Long> pids = map.get(60, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(45), "the map took too long after the kill");
            assertEquals(40, pids.size());
            assertEquals(Set.of(survivor), Set.copyOf(pids), "every task, the victim's included, completed on the survivor");

            cluster.awaitMembers(1, Duration.ofSeconds(30));
            assertEquals(List.of(0, 1, 4, 9), pool.map(x -> x * x, List.of(0, 1, 2, 3)));
            assertEquals(List.of(survivor, survivor), pool.map(x -> ProcessHandle.current().pid(), List.of(0, 1), 1));
        }
    }
}
