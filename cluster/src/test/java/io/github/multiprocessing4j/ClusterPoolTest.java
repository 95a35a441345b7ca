package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.cluster.LoopbackCluster;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link Pool} contract on a 2-member loopback cluster. The cluster is started once for the class
 * (a member takes about a second to start); each test gets a fresh {@link ClusterPool} on it.
 */
class ClusterPoolTest extends PoolContractTest {
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

    @Override
    protected Pool newPool(int n) {
        return new ClusterPool(cluster.client(), n);
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void tasksRunOnTheMemberJvms() {
        Set<Long> members = cluster.members().stream().map(JvmProcess::pid).collect(Collectors.toSet());
        Set<Long> pids = new HashSet<>(pool.map(x -> pid(), range(40), 1));
        assertFalse(pids.contains(pid()), "a task ran in the client");
        assertTrue(members.containsAll(pids), pids + " vs members " + members);
    }

    @Test
    void aTaskThatCannotBeEncodedFailsInTheCaller() {
        Thread local = new Thread(() -> { });
        EncodingException e = org.junit.jupiter.api.Assertions.assertThrows(EncodingException.class,
                () -> pool.map(x -> local.getName(), range(3)));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertEquals(4, pool.<Integer>apply(() -> square(2)));
    }

    @Test
    void aLiteMemberSubmitsAsAClientDoesAndRunsNothingItself() {
        com.hazelcast.core.HazelcastInstance lite = com.hazelcast.core.Hazelcast.newHazelcastInstance(cluster.liteMemberConfig());
        try (ClusterPool onMember = new ClusterPool(lite, 2)) {
            Set<Long> members = cluster.members().stream().map(JvmProcess::pid).collect(Collectors.toSet());
            assertEquals(range(10).stream().map(x -> x * x).collect(Collectors.toList()), onMember.map(PoolContractTest::square, range(10)));
            Set<Long> pids = new HashSet<>(onMember.map(x -> pid(), range(20), 1));
            assertTrue(members.containsAll(pids), pids + " vs members " + members);
        } finally {
            lite.shutdown();
        }
    }

    record Point(int x, int y) {
    }

    @Test
    void recordsTravelBothWays() {
        assertEquals(java.util.List.of(new Point(0, 0), new Point(1, 2), new Point(2, 4)),
                pool.map(i -> new Point(i, 2 * i), range(3)));
    }
}
