package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ProcessPool;
import io.github.multiprocessing4j.testing.TestJvm;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The library on JDK 24 or later, where {@code sun.misc.Unsafe}'s memory methods warn on first use (JEP
 * 471/498): a pool, a process, a queue and a shared value work there, and neither the parent nor its
 * children print a word about Unsafe. The suite itself runs on JDK 17, so this starts a JVM of a newer JDK
 * found on the machine: the running one if it is new enough, else {@code $MP4J_TEST_NEWER_JDK}, else the
 * newest under {@code /usr/lib/jvm}. Skipped where there is none.
 */
class NewerJdkTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void poolsProcessesQueuesAndValuesWorkAndPrintNoUnsafeWarning() throws Exception {
        Optional<Path> home = newerJdk();
        assumeTrue(home.isPresent(), "no JDK 24 or later on this machine");
        try (TestJvm jvm = TestJvm.start(home.get(), Probe.class)) {
            assertEquals(0, jvm.waitFor(WAIT), "probe failed: " + jvm.output());
            List<String> out = jvm.output();
            assertTrue(out.contains("pool [P(1, 2), P(2, 4), P(3, 6)]"), "pool results: " + out);
            assertTrue(out.stream().anyMatch(l -> l.matches("queue from JDK 2\\d+, value 1")), "queue and value: " + out);
            assertTrue(out.contains("probe ok"), "probe did not finish: " + out);
            for (String line : out) {
                assertTrue(!line.contains("Unsafe") && !line.startsWith("WARNING"), "a JVM warned: " + line + " in " + out);
            }
        }
    }

    static Optional<Path> newerJdk() throws IOException {
        if (Runtime.version().feature() >= 24) {
            return Optional.of(Paths.get(System.getProperty("java.home")));
        }
        String env = System.getenv("MP4J_TEST_NEWER_JDK");
        if (env != null && !env.isEmpty()) {
            return Optional.of(Paths.get(env));
        }
        Path root = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
        Path best = null;
        int bestVersion = 23;
        try (DirectoryStream<Path> jdks = Files.newDirectoryStream(root)) {
            for (Path jdk : jdks) {
                Path release = jdk.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin").resolve("java"))) {
                    continue;
                }
                Matcher m = version.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) > bestVersion) {
                    bestVersion = Integer.parseInt(m.group(1));
                    best = jdk;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** A value Kryo's field serializer encodes, private final fields and no no-arg constructor. */
    static final class P {
        private final int x;
        private final int y;

        P(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public String toString() {
            return "P(" + x + ", " + y + ")";
        }
    }

    /** Runs on the newer JDK; everything it and its children print is read by the test. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (ProcessPool pool = new ProcessPool(1)) {
                System.out.println("pool " + pool.map(x -> new P(x, 2 * x), List.of(1, 2, 3)));
            }
            try (SharedQueue<String> q = Ipc.queue()) {
                SharedLong v = Ipc.value(0L);
                JvmProcess p = new JvmProcess(() -> {
                    v.incrementAndGet();
                    q.add("from JDK " + Runtime.version().feature());
                }).start();
                String got = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (!p.join(WAIT) || p.exitCode().getAsInt() != 0) {
                    throw new AssertionError("child did not exit cleanly: " + p.exitCode());
                }
                System.out.println("queue " + got + ", value " + v.get());
            }
            System.out.println("probe ok");
        }
    }
}
