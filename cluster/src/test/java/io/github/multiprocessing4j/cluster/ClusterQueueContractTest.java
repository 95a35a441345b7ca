package io.github.multiprocessing4j.cluster;

import io.github.multiprocessing4j.ipc.BlockingQueueContract;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The local queues' contract against {@link ClusterIpc#queue} on a 2-member loopback cluster. Bounded
 * queues are skipped: a cluster queue's capacity is the members' configuration, not the caller's.
 */
class ClusterQueueContractTest extends BlockingQueueContract {
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
    protected BlockingQueue<Object> create(int maxsize) {
        return maxsize == 0 ? ClusterIpc.queue(cluster.client(), "q-" + UUID.randomUUID()) : null;
    }

    @Override
    protected void dispose(BlockingQueue<Object> q) {
        q.clear();
    }
}
