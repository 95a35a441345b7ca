package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.testing.TestJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime directory's file system fills up (Docker gives {@code /dev/shm} 64 MB): creating a shared
 * segment, array or queue item that does not fit is a clear error naming the way out, the JVM goes on,
 * and no half-made file stays. Before, a tmpfs took the blocks only when a mapped page was first
 * touched, and the JVM threw {@code InternalError: a fault occurred in a recent unsafe memory access}
 * from that later access (Python's process dies of SIGBUS there). Needs a 2 MB tmpfs, so root; skipped
 * where mounting one is not allowed.
 */
class FullRuntimeDirTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void whatDoesNotFitIsAClearErrorAndNothingIsLeftHalfMade(@TempDir Path dir) throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString()),
                "cannot mount a tmpfs here (needs root)");
        try {
            try (TestJvm jvm = TestJvm.start(Probe.class, small.toString())) {
                assertEquals(0, jvm.waitFor(WAIT), "probe failed: " + jvm.output());
                List<String> out = jvm.output();
                for (String what : List.of("segment", "array", "queue item")) {
                    assertTrue(out.contains(what + ": clear error"), what + ": " + out);
                }
                assertTrue(out.contains("small value 7"), "a value that fits still works: " + out);
                assertTrue(out.contains("left []"), "files of failed creations were removed: " + out);
            }
        } finally {
            assertTrue(run("umount", small.toString()), "umount " + small);
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Runs with its runtime directory on the small file system (args[0]). */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            System.setProperty(RuntimeDir.BASE_PROPERTY, args[0]);
            report("segment", () -> Ipc.sharedMemory(8 << 20).buf().put(8 << 19, (byte) 1));
            report("array", () -> Ipc.array(new long[1 << 20]).set((1 << 20) - 1, 1L));
            try (SharedQueue<byte[]> q = Ipc.queue()) {
                report("queue item", () -> q.add(new byte[3 << 19]));
                SharedLong v = Ipc.value(7L);
                System.out.println("small value " + v.get());
                try (Stream<Path> files = Files.list(RuntimeDir.get())) {
                    System.out.println("left " + files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".spill") || (n.endsWith(".shm") && !n.startsWith("value"))).sorted().toList());
                }
            }
        }

        private static void report(String what, Runnable r) {
            try {
                r.run();
                System.out.println(what + ": no error");
            } catch (MultiprocessingException e) {
                boolean clear = e.getMessage().contains("No space left") && e.getMessage().contains("--shm-size");
                System.out.println(what + (clear ? ": clear error" : ": unclear error " + e.getMessage()));
            }
        }
    }
}
