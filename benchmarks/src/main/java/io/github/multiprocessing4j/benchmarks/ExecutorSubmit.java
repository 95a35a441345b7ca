package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.ProcessPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code executor_submit}: 20,000 trivial submits to a 2-worker executor, then gather every result. */
final class ExecutorSubmit implements Workload {
    @Override
    public String name() {
        return "executor_submit";
    }

    @Override
    public void run() throws Exception {
        int n = 20_000;
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(2)) {
            ex.submit(() -> PoolWorkloads.square(1)).get();
            long t = System.nanoTime();
            List<CompletableFuture<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int x = i;
                fs.add(ex.submit(() -> PoolWorkloads.square(x)));
            }
            long sum = 0;
            for (CompletableFuture<Integer> f : fs) {
                sum += f.get();
            }
            double dt = (System.nanoTime() - t) / 1e9;
            PoolWorkloads.check(sum != 0, "no results");
            Bench.report(name(), n / dt, "tasks/s", "n", n);
        }
    }
}
