package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Connection;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.Pipe;

/** {@code pipe_pingpong}: n round trips of an int with an echo child; microseconds per round trip. */
final class PipePingpong implements Workload {
    @Override
    public String name() {
        return "pipe_pingpong";
    }

    @Override
    public void run() throws Exception {
        int n = 20_000;
        Pipe pipe = Ipc.pipe();
        Connection a = pipe.left();
        Connection b = pipe.right();
        JvmProcess p = new JvmProcess(() -> echo(b)).start();
        a.send(0);
        a.recv();
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.send(i);
            a.recv();
        }
        double dt = (System.nanoTime() - t) / 1e3;
        a.send(null);
        p.join();
        a.close();
        b.close();
        Bench.report(name(), dt / n, "us/roundtrip", "n", n);
    }

    private static void echo(Connection conn) {
        while (true) {
            Object m = conn.recv();
            if (m == null) {
                break;
            }
            conn.send(m);
        }
    }
}
