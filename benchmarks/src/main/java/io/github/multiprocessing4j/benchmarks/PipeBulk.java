package io.github.multiprocessing4j.benchmarks;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Connection;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.Pipe;
import java.util.Arrays;

/** {@code pipe_bulk}: n messages of 1 MiB with {@code sendBytes} to a sink child that sends back the total; MB/s. */
final class PipeBulk implements Workload {
    @Override
    public String name() {
        return "pipe_bulk";
    }

    @Override
    public void run() throws Exception {
        int n = 1000;
        int size = 1 << 20;
        Pipe pipe = Ipc.pipe();
        Connection a = pipe.left();
        Connection b = pipe.right();
        JvmProcess p = new JvmProcess(() -> sink(b, n)).start();
        byte[] buf = new byte[size];
        Arrays.fill(buf, (byte) 'x');
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.sendBytes(buf);
        }
        long total = (Long) a.recv();
        double dt = (System.nanoTime() - t) / 1e9;
        p.join();
        a.close();
        b.close();
        if (total != (long) n * size) {
            throw new AssertionError("sink received " + total + " bytes, expected " + (long) n * size);
        }
        Bench.report(name(), total / dt / 1e6, "MB/s", "n", n, "size", size);
    }

    private static void sink(Connection conn, int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += conn.recvBytes().length;
        }
        conn.send(total);
    }
}
