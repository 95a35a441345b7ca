package io.github.multiprocessing4j.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the per-task path of the codec (a call task with a captured value, its result) a few thousand
 * times so the JIT compiles it before the first {@code apply}s do.
 *
 * <p>Why: Python's pool answers its first call at full speed, while a fresh JVM interprets its first
 * few thousand; measured here, the first 500 applies of a pool took ~400 us each against ~40 us once
 * compiled. Only the parent runs it, once, in a daemon thread, after its first pool's first worker is
 * up: workers do not, because on two cores a warm-up thread in every worker slowed the first map more
 * than the compiled code sped it up (measured with {@code map_small} and {@code map_chunk1}), and a
 * map's loops over arrays are compiled on the spot anyway. {@code -Dmp4j.warmup=false} turns it off.
 */
public final class CodecWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Enough single calls for the tiered JIT to compile the per-task path (thresholds are ~1,500 calls). */
    private static final int CALLS = 3000;

    private CodecWarmup() {
    }

    /** Starts the warm-up in a daemon thread, once per JVM. */
    public static void startOnce() {
        if (Boolean.parseBoolean(System.getProperty("mp4j.warmup", "true")) && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(CodecWarmup::run, "mp4j-codec-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    static void run() {
        try {
            Codec codec = Codec.local();
            for (int r = 0; r < CALLS; r++) {
                int captured = r;
                io.github.multiprocessing4j.SerializableCallable<Integer> call = () -> captured * 2;
                byte[] b = codec.encode(Task.call(call));
                Task back = (Task) codec.decode(b, 0, b.length);
                byte[] result = codec.encode(back.run());
                codec.decode(result, 0, result.length);
            }
        } catch (Exception ignored) {
            // a warm-up must never hurt: the real work reports real problems
        }
    }
}
