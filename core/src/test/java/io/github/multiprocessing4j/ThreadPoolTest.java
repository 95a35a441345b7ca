package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadPoolTest extends PoolContractTest {
    @Override
    protected Pool newPool(int n) {
        return new ThreadPool(n);
    }

    @Test
    void tasksRunOnThreadsOfThisJvm() {
        long me = ProcessHandle.current().pid();
        List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), range(4));
        assertTrue(pids.stream().allMatch(p -> p == me));
    }
}
