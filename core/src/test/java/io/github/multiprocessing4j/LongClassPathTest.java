package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.testing.TestJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent whose class path is longer than Linux lets one argument be (128 KiB: an application started
 * from an argument file or an IDE) still starts children: before, every start failed with "error=7,
 * Argument list too long". The class path also holds a directory whose name has a space and a quote.
 */
class LongClassPathTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void childrenStartWhenTheClassPathIsLongerThanOneArgumentMayBe(@TempDir Path dir) throws Exception {
        Path odd = Files.createDirectories(dir.resolve("a dir with \"quotes\" and spaces"));
        StringBuilder cp = new StringBuilder(odd.toString()).append(File.pathSeparator)
                .append(System.getProperty("java.class.path"));
        for (int i = 0; cp.length() < 150 * 1024; i++) {
            cp.append(File.pathSeparator).append(dir.resolve("not-there/some/dependency-" + i + "/1.0/dependency-" + i + "-1.0.jar"));
        }
        try (TestJvm jvm = TestJvm.start(Paths.get(System.getProperty("java.home")), cp.toString(), Map.of(), Probe.class)) {
            assertEquals(0, jvm.waitFor(WAIT), "probe failed: " + jvm.output());
            List<String> out = jvm.output();
            assertTrue(out.contains("process 0"), out.toString());
            assertTrue(out.contains("pool [1, 4, 9]"), out.toString());
            assertTrue(out.contains("argument files left 0"), out.toString());
        }
    }

    /** Runs as the parent with the long class path. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (System.getProperty("java.class.path").length() < 128 * 1024) {
                throw new AssertionError("the class path is too short to test anything");
            }
            JvmProcess p = new JvmProcess(() -> { }).start();
            p.join(WAIT);
            System.out.println("process " + p.exitCode().orElse(-1));
            try (ProcessPool pool = new ProcessPool(1)) {
                System.out.println("pool " + pool.map(x -> x * x, List.of(1, 2, 3)));
            }
            try (Stream<Path> files = Files.list(RuntimeDir.get())) {
                System.out.println("argument files left " + files.filter(f -> f.toString().endsWith(".args")).count());
            }
        }
    }
}
