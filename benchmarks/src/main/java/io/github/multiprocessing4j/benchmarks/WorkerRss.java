package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.ProcessPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code worker_rss}: resident memory of one pool worker after it ran a map, in MiB (not in
 * {@code mp_bench.py}; for the README's memory column). Python's spawn worker is about 15 MiB here.
 */
final class WorkerRss implements Workload {
    @Override
    public String name() {
        return "worker_rss";
    }

    @Override
    public void run() throws IOException {
        try (ProcessPool p = new ProcessPool(2)) {
            p.map(PoolWorkloads::square, PoolWorkloads.range(10_000));
            double total = 0;
            List<Long> pids = p.workerPids();
            for (long pid : pids) {
                total += rssKib(pid);
            }
            Bench.report(name(), total / pids.size() / 1024.0, "MiB", "workers", pids.size());
        }
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
