package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child started with {@code -Dmp4j.unsafe=false} uses the VarHandle path of {@link MappedAccess} on a
 * queue this JVM reads through Unsafe: the switch works, and both paths agree on the file.
 */
class QueueAccessFallbackAcrossJvmsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aChildWithUnsafeDisabledSharesAQueueWithAnUnsafeParent() throws Exception {
        assumeTrue(MappedAccess.UNSAFE, "no Unsafe path on JDK " + Runtime.version().feature()
                + " (MappedAccessTest checks that it is never chosen from JDK 24)");
        try (SharedQueue<Object> q = Ipc.queue(); SharedQueue<Object> back = Ipc.queue()) {
            JvmProcess p = JvmProcess.builder(() -> echo(q, back)).jvmOptions("-Dmp4j.unsafe=false").start();
            assertEquals(Boolean.FALSE, back.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the child's MappedAccess.UNSAFE");
            ArrayList<Object> list = new ArrayList<>(List.of("a", 1));
            Object[] items = {7, "x".repeat(300), new byte[] {1, 2, 3}, new Object[] {1, "y", null}, list,
                    List.of("kryo")};
            for (Object item : items) {
                q.put(item);
                Object echoed = back.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (item instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) echoed);
                } else if (item instanceof Object[] a) {
                    assertArrayEquals(a, (Object[]) echoed);
                } else {
                    assertEquals(item, echoed);
                }
            }
            q.put("stop");
            assertTrue(p.join(WAIT), "child still running");
            assertEquals(OptionalInt.of(0), p.exitCode());
        }
    }

    private static void echo(SharedQueue<Object> q, SharedQueue<Object> back) {
        try {
            back.put(MappedAccess.UNSAFE);
            while (true) {
                Object o = q.take();
                if ("stop".equals(o)) {
                    return;
                }
                back.put(o);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
