package io.github.multiprocessing4j.cluster;

import io.github.multiprocessing4j.ipc.ConcurrentMapContract;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared dict contract against {@link ClusterIpc#dict} on a 2-member loopback cluster. Hazelcast's
 * IMap refuses null values, so that one test is skipped.
 */
class ClusterDictContractTest extends ConcurrentMapContract {
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
    protected ConcurrentMap<Object, Object> create() {
        return ClusterIpc.dict(cluster.client(), "d-" + UUID.randomUUID());
    }

    @Override
    protected boolean allowsNullValues() {
        return false;
    }
}
