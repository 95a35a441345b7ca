package io.github.multiprocessing4j.ipc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Paths;

/** Child side of {@link WaitSetTest}: answers ping-pong rounds on the region given as argument. */
public final class WaitSetPeer {
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    static final int PING = 0;
    static final int PONG = WaitSet.BYTES;
    static final int TURN = 2 * WaitSet.BYTES;
    static final int SIZE = TURN + 8;

    private WaitSetPeer() {
    }

    public static void main(String[] args) throws Exception {
        MappedByteBuffer region = MappedFiles.open(Paths.get(args[0]));
        int rounds = Integer.parseInt(args[1]);
        WaitSet ping = WaitSet.at(region, PING);
        WaitSet pong = WaitSet.at(region, PONG);
        System.out.println("ready");
        for (long i = 1; i <= rounds; i++) {
            long odd = 2 * i - 1;
            if (!ping.await(() -> (long) LONGS.getAcquire(region, TURN) == odd, 10_000_000_000L)) {
                System.out.println("timeout at round " + i);
                System.exit(2);
            }
            LONGS.setVolatile(region, TURN, 2 * i);
            pong.signalAll();
        }
        System.out.println("done");
    }
}
