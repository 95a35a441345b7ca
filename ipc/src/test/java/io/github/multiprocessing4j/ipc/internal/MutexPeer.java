package io.github.multiprocessing4j.ipc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Child side of {@link MutexTest}, on the region given as first argument: {@code count N} adds one to
 * {@link #COUNTER} N times under the lock (a separate read and write, so a broken lock loses updates);
 * {@code once} acquires once and reports whether it recovered the lock; {@code hold} acquires and never
 * releases.
 */
public final class MutexPeer {
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    static final int LOCK = 0;
    static final int COUNTER = LockLayout.BYTES;
    static final int SIZE = COUNTER + 8;

    private MutexPeer() {
    }

    public static void main(String[] args) throws Exception {
        Region region = Region.attach(Paths.get(args[0]));
        Mutex mutex = Mutex.at(region, LOCK, false);
        switch (args[1]) {
            case "count" -> {
                int n = Integer.parseInt(args[2]);
                System.out.println("ready");
                for (int i = 0; i < n; i++) {
                    mutex.acquire(-1);
                    long c = (long) LONGS.getVolatile(region.buffer(), COUNTER);
                    LONGS.setVolatile(region.buffer(), COUNTER, c + 1);
                    mutex.release();
                }
                System.out.println("done");
            }
            case "once" -> {
                System.out.println("waiting");
                boolean got = mutex.acquire(TimeUnit.SECONDS.toNanos(60));
                System.out.println("acquired " + got + " recovered " + mutex.recovered());
                if (got) {
                    mutex.release();
                }
            }
            case "hold" -> {
                mutex.acquire(-1);
                System.out.println("held");
                Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // killed by the test long before
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[1]);
        }
    }
}
