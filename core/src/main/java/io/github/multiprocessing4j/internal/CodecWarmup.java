package io.github.multiprocessing4j.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the codec's hot paths a few thousand times so the JIT compiles them before real work arrives.
 *
 * <p>Why: Python's workers run at full speed from the first task, while a fresh JVM interprets its
 * first tens of thousands of calls; a pool's first {@code map} would pay for that. Each JVM runs this
 * once, in a daemon thread: a pool worker while it runs its initializer and waits for its first tasks,
 * a parent while its first pool's workers start. {@code -Dmp4j.warmup=false} turns it off.
 */
public final class CodecWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final int ROUNDS = 40;
    private static final int ITEMS = 500;

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
            Object[] ints = new Object[ITEMS];
            Object[] strings = new Object[ITEMS];
            Object[] doubles = new Object[ITEMS];
            Object[] mixed = new Object[ITEMS];
            for (int i = 0; i < ITEMS; i++) {
                ints[i] = i * 31;
                strings[i] = "s" + i;
                doubles[i] = i * 0.5;
                mixed[i] = i % 2 == 0 ? (Object) (long) i : "m";
            }
            Task.FnId fn = new Task.FnId(1);
            for (int r = 0; r < ROUNDS; r++) {
                int captured = r;
                io.github.multiprocessing4j.SerializableCallable<Integer> call = () -> captured * 2;
                byte[] b = codec.encode(Task.call(call));
                Task back = (Task) codec.decode(b, 0, b.length);
                byte[] result = codec.encode(back.run());
                codec.decode(result, 0, result.length);
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (Object[] a : new Object[][] {ints, strings, doubles, mixed}) {
                    byte[] b = codec.encode(new Task(Task.MAP, fn, a));
                    Task back = (Task) codec.decode(b, 0, b.length);
                    byte[] result = codec.encode(back.args());
                    codec.decode(result, 0, result.length);
                }
            }
        } catch (Exception ignored) {
            // a warm-up must never hurt: the real work reports real problems
        }
    }
}
