package io.github.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.core.Hazelcast;
import io.github.multiprocessing4j.ClusterPool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dict, and both objects seen from tasks on the members, as the seed's examples use them. */
class ClusterIpcTest {
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

    record Reading(String sensor, double value) {
    }

    @Test
    void tasksOnMembersFillTheDictAndTheQueueTheCallerReads() throws Exception {
        Map<Integer, String> d = ClusterIpc.dict(cluster.client(), "squares");
        BlockingQueue<Reading> q = ClusterIpc.queue(cluster.client(), "readings");
        try (ClusterPool pool = new ClusterPool(cluster.client(), 4)) {
            pool.map(i -> {
                var hz = Hazelcast.getAllHazelcastInstances().iterator().next();
                ClusterIpc.<Integer, String>dict(hz, "squares").put(i, Integer.toString(i * i));
                ClusterIpc.<Reading>queue(hz, "readings").offer(new Reading("s" + i, i / 2.0));
                return null;
            }, List.of(0, 1, 2, 3), 1);
        }
        assertEquals(Map.of(0, "0", 1, "1", 2, "4", 3, "9"), Map.copyOf(d));
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += q.poll(20, TimeUnit.SECONDS).value();
        }
        assertEquals(3.0, sum);
        assertNull(q.poll());
    }

    @Test
    void theDictIsAConcurrentMapThatRefusesNulls() {
        Map<String, Integer> d = ClusterIpc.dict(cluster.client(), "counts");
        assertNull(d.putIfAbsent("a", 1));
        assertEquals(1, d.putIfAbsent("a", 2));
        assertEquals(3, d.merge("a", 2, Integer::sum));
        assertThrows(NullPointerException.class, () -> d.put("b", null));
        assertThrows(NullPointerException.class, () -> d.put(null, 1));
        d.clear();
        assertEquals(0, d.size());
    }
}
