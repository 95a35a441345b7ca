package io.github.multiprocessing4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@code main} class of the test sources in a separate JVM with this JVM's {@code java} and class
 * path, as zt-exec's own tests do, and reads its output line by line.
 */
public final class TestJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private TestJvm(Process process) {
        this.process = process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "test-jvm-reader");
        t.setDaemon(true);
        t.start();
    }

    public static TestJvm start(Class<?> main, String... args) throws IOException {
        return start(Paths.get(System.getProperty("java.home")), main, args);
    }

    /** As {@link #start(Class, String...)}, with the {@code java} of another JDK. */
    public static TestJvm start(Path javaHome, Class<?> main, String... args) throws IOException {
        return start(javaHome, System.getProperty("java.class.path"), java.util.Map.of(), main, args);
    }

    /** As {@link #start(Class, String...)}, with another JDK, class path and extra environment. */
    public static TestJvm start(Path javaHome, String classPath, java.util.Map<String, String> environment,
                                Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        if (classPath.length() > 64 * 1024) { // Linux refuses any one argument over 128 KiB
            Path argFile = Files.createTempFile("test-jvm-", ".args");
            argFile.toFile().deleteOnExit();
            Files.writeString(argFile, "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
            cmd.add("@" + argFile);
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        cmd.add("-XX:-UsePerfData");
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().putAll(environment);
        return new TestJvm(b.start());
    }

    /** The next line that starts with {@code prefix}, waiting at most {@code timeout}. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; output so far: " + all);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    public Process process() {
        return process;
    }

    public List<String> output() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("test JVM did not exit within " + timeout + "; output: " + all);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
