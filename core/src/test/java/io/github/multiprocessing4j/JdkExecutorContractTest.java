package io.github.multiprocessing4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The same contract on a JDK thread pool: {@link Futures} must work with any Future. */
class JdkExecutorContractTest extends ExecutorContractTest {
    @Override
    protected ExecutorService newExecutor(int n) {
        return Executors.newFixedThreadPool(n);
    }
}
