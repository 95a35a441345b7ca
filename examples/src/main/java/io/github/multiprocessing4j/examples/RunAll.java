package io.github.multiprocessing4j.examples;

import java.util.List;

/**
 * Runs every example in the seed notebook's order, each as its own program would: the README's first
 * quickstart command. Pass example class simple names to run only those.
 */
public final class RunAll {
    /** The seed's programs, in the notebook's order. */
    static final List<Class<?>> EXAMPLES = List.of(
            MultiprocessingSample.class,
            ThreadingSample.class,
            MpPoolExample.class,
            MpThreadPool.class,
            FuturesSubmitSample.class,
            FuturesResultSample.class,
            FuturesIterationSample.class,
            AsCompletedSample.class,
            FuturesMapSample.class,
            ProcessPoolSample.class,
            PandasThreadPool.class,
            FasterPandas.class,
            QueueSample.class,
            PipeSample.class,
            SharedMemorySample.class,
            SharedCounter.class,
            ServerProcessSample.class,
            RemoteManagerSample.class,
            ProducerConsumer.class
    );

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        List<String> only = List.of(args);
        for (Class<?> example : EXAMPLES) {
            if (!only.isEmpty() && !only.contains(example.getSimpleName())) {
                continue;
            }
            System.out.println("=== " + example.getSimpleName() + " ===");
            example.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            System.out.println();
        }
    }
}
