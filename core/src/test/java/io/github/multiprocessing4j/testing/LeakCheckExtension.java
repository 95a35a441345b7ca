package io.github.multiprocessing4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a child process alive or a socket or mapped file behind (CPython's
 * "Dangling processes" check). Registered for every test through {@code META-INF/services}.
 *
 * <p>After the class: every descendant process must end within 10 s (a leaked one is killed, then the
 * class fails naming it); this JVM's runtime directory must be empty; and no runtime directory of a
 * dead process may remain once the library's own sweep has run.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    /** JUnit configuration parameter: how long leaked children and files get to go away on their own. */
    public static final String GRACE_PARAMETER = "mp4j.leakGraceSeconds";

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Duration grace = Duration.ofSeconds(context.getConfigurationParameter(GRACE_PARAMETER).map(Long::parseLong).orElse(10L));
        List<String> problems = new ArrayList<>();
        List<ProcessHandle> leaked = waitForDescendants(grace);
        if (!leaked.isEmpty()) {
            problems.add("child processes still alive " + grace.toSeconds() + " s after the tests: "
                    + leaked.stream().map(LeakCheckExtension::describe).collect(Collectors.joining("; ")));
            leaked.forEach(ProcessHandle::destroyForcibly);
        }
        if (RuntimeDir.exists()) {
            List<Path> files = awaitEmpty(RuntimeDir.get(), grace);
            if (!files.isEmpty()) {
                problems.add("files left in the runtime directory: " + files);
                for (Path f : files) {
                    RuntimeDir.deleteTree(f);
                }
            }
        }
        RuntimeDir.sweep(RuntimeDir.base());
        List<Path> dead = deadDirectories();
        if (!dead.isEmpty()) {
            problems.add("runtime directories of dead processes that the sweep did not remove: " + dead);
        }
        if (!problems.isEmpty()) {
            fail(context.getDisplayName() + " leaked: " + String.join(" | ", problems));
        }
    }

    static List<ProcessHandle> waitForDescendants(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .collect(Collectors.toList());
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(20); // polling for processes of the OS; nothing to wait on
        }
    }

    private static List<Path> awaitEmpty(Path dir, Duration grace) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.collect(Collectors.toList());
            }
            if (files.isEmpty() || System.nanoTime() > deadline) {
                return files;
            }
            Thread.sleep(20);
        }
    }

    private static List<Path> deadDirectories() throws IOException {
        List<Path> dead = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(RuntimeDir.base(), RuntimeDir.PREFIX + "*")) {
            for (Path p : s) {
                long pid = RuntimeDir.ownerPid(p.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
                    dead.add(p);
                }
            }
        }
        return dead;
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().map(c -> c.length() > 200 ? c.substring(c.length() - 200) : c)
                .orElse("?");
    }
}
