package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedQueue;

/**
 * {@code queue_throughput}: a producer JVM puts n items {@code (i, "x")} as {@code Object[]} (Python's
 * tuple) then an end marker {@code (-1, null)} (Python puts {@code None}; a {@code BlockingQueue} refuses
 * null); the parent times from the first item to the marker.
 */
final class QueueThroughput implements Workload {

    @Override
    public String name() {
        return "queue_throughput";
    }

    @Override
    public void run() throws Exception {
        int n = 200_000;
        try (SharedQueue<Object[]> q = Ipc.queue()) {
            JvmProcess p = new JvmProcess(() -> produce(q, n)).start();
            q.take(); // first item: producer is up
            long t = System.nanoTime();
            int c = 1;
            while ((Integer) q.take()[0] >= 0) {
                c++;
            }
            double dt = (System.nanoTime() - t) / 1e9;
            p.join();
            if (c != n) {
                throw new AssertionError("received " + c + " of " + n + " items");
            }
            Bench.report(name(), (n - 1) / dt, "msgs/s", "n", n);
        }
    }

    private static void produce(SharedQueue<Object[]> q, int n) {
        try {
            for (int i = 0; i < n; i++) {
                q.put(new Object[] {i, "x"});
            }
            q.put(new Object[] {-1, null});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
