package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;

/** {@code process_startup}: median of start+join of an empty target, over 5 runs. */
final class ProcessStartup implements Workload {
    @Override
    public String name() {
        return "process_startup";
    }

    @Override
    public void run() {
        int n = 5;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            JvmProcess p = new JvmProcess(ProcessStartup::noop);
            p.start();
            p.join();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Bench.report(name(), Bench.median(ms), "ms", "n", n, "note", "start+join of an empty target, median");
    }

    private static void noop() {
    }
}
