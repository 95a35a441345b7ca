package io.github.multiprocessing4j;

import io.github.multiprocessing4j.cluster.LoopbackCluster;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link java.util.concurrent.ExecutorService} contract on a 2-member loopback cluster, started once. */
class ClusterExecutorTest extends ExecutorContractTest {
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
    protected ExecutorService newExecutor(int n) {
        return new ClusterExecutor(cluster.client(), n);
    }
}
