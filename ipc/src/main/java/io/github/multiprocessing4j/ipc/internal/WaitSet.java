package io.github.multiprocessing4j.ipc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * TEMPORARY stand-in for the shm branch's WaitSet (same API): spin, then parkNanos with backoff.
 * Replaced by the real one (kernel-woken doorbell) with {@code git checkout shm -- <this file>}.
 */
public final class WaitSet {
    /** Bytes it occupies (8-aligned): a waiter count and an epoch. */
    public static final int BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int SPINS = 2_000;

    private final MappedByteBuffer region;
    private final int offset;

    private WaitSet(MappedByteBuffer region, int offset) {
        this.region = region;
        this.offset = offset;
    }

    public static WaitSet at(MappedByteBuffer region, int offset) {
        return new WaitSet(region, offset);
    }

    public static void initialize(MappedByteBuffer region, int offset) {
        LONGS.setRelease(region, offset, 0L);
        LONGS.setRelease(region, offset + 8, 0L);
    }

    public boolean await(BooleanSupplier condition, long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        for (int i = 0; i < SPINS; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        LONGS.getAndAdd(region, offset, 1L);
        try {
            long park = 1_000;
            while (true) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return condition.getAsBoolean();
                }
                LockSupport.parkNanos(Math.min(left, park));
                park = Math.min(park * 2, 1_000_000);
            }
        } finally {
            LONGS.getAndAdd(region, offset, -1L);
        }
    }

    public void signalAll() {
        if ((long) LONGS.getVolatile(region, offset) != 0) {
            LONGS.getAndAdd(region, offset + 8, 1L);
        }
    }
}
