package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.TestJvm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children that carry a Java or JVMTI agent (a tracing agent in {@code JAVA_TOOL_OPTIONS}, a profiler,
 * a debugger) start, also while no class-data archive exists yet. HotSpot refuses to start a JVM that
 * should dump the archive with an agent, and the first child of a JVM is the one that dumps: that child
 * died before connecting, a pool gave up after three, every {@link JvmProcess#start} failed.
 *
 * <p>The archive is only used with a class path of jars, so the parent here is a JVM of its own, on the
 * test class path packed into jars, with an empty archive cache.
 */
class ChildAgentsTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void childrenWithAJavaAgentOrAJvmtiAgentStartWhileTheArchiveIsBeingBuilt(@TempDir Path dir) throws Exception {
        String classPath = jarredClassPath(dir.resolve("cp"));
        Path agent = agentJar(dir.resolve("agent.jar"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        try (TestJvm jvm = TestJvm.start(Paths.get(System.getProperty("java.home")), classPath, env, Probe.class,
                agent.toString())) {
            assertEquals(0, jvm.waitFor(WAIT), "probe failed: " + jvm.output());
            List<String> out = jvm.output();
            assertTrue(out.contains("java agent 0"), "a child with -javaagent: " + out);
            assertTrue(out.contains("jvmti agent 0"), "a child with -agentlib: " + out);
            assertTrue(out.contains("pool [2, 4, 6]"), "a pool with JAVA_TOOL_OPTIONS=-javaagent: " + out);
            assertTrue(out.contains("plain 0"), "a child without an agent: " + out);
        }
        try (Stream<Path> archives = Files.walk(dir.resolve("cache"))) {
            assertTrue(archives.anyMatch(p -> p.toString().endsWith(".jsa")),
                    "a child without an agent still builds the archive");
        }
    }

    @Test
    void aChildWhoseAgentCannotBeSeenIsStartedAgainWithoutDumping(@TempDir Path dir) throws Exception {
        String classPath = jarredClassPath(dir.resolve("cp"));
        Path argFile = Files.writeString(dir.resolve("agent.args"), "-javaagent:" + agentJar(dir.resolve("agent.jar")));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
        // an @argfile is expanded by the java launcher: the library does not read it, so the first child
        // tries to dump the archive, its JVM refuses, and it is started again without
        try (TestJvm jvm = TestJvm.start(Paths.get(System.getProperty("java.home")), classPath, env, HiddenAgentProbe.class,
                "@" + argFile)) {
            assertEquals(0, jvm.waitFor(WAIT), "probe failed: " + jvm.output());
            assertTrue(jvm.output().contains("hidden agent 0 0"), "two children through an argfile: " + jvm.output());
        }
    }

    /** Runs as the parent, with a jar-only class path; args[0] is the child's one JVM option. */
    public static final class HiddenAgentProbe {
        public static void main(String[] args) throws Exception {
            JvmProcess a = JvmProcess.builder(() -> { }).jvmOptions(args[0]).start();
            a.join(WAIT);
            JvmProcess b = JvmProcess.builder(() -> { }).jvmOptions(args[0]).start();
            b.join(WAIT);
            System.out.println("hidden agent " + a.exitCode().orElse(-1) + " " + b.exitCode().orElse(-1));
        }
    }

    /** Runs as the parent, with a jar-only class path; args[0] is the agent jar. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            String agent = "-javaagent:" + args[0];
            JvmProcess a = JvmProcess.builder(() -> { }).jvmOptions(agent).start();
            a.join(WAIT);
            System.out.println("java agent " + a.exitCode().orElse(-1));
            JvmProcess b = JvmProcess.builder(() -> { })
                    .jvmOptions("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0,quiet=y").start();
            b.join(WAIT);
            System.out.println("jvmti agent " + b.exitCode().orElse(-1));
            try (ProcessPool pool = ProcessPool.builder().processes(1).environment("JAVA_TOOL_OPTIONS", agent).build()) {
                System.out.println("pool " + pool.map(x -> 2 * x, List.of(1, 2, 3)));
            }
            JvmProcess c = new JvmProcess(() -> { }).start();
            c.join(WAIT);
            System.out.println("plain " + c.exitCode().orElse(-1));
        }
    }

    /** An agent that does nothing: the JVM only has to load it. */
    public static final class NoopAgent {
        public static void premain(String options) {
        }
    }

    private static Path agentJar(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(new Attributes.Name("Premain-Class"), NoopAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            String name = NoopAgent.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(name));
            try (var in = NoopAgent.class.getClassLoader().getResourceAsStream(name)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }

    /** This JVM's class path with every directory packed into a jar of its own. */
    private static String jarredClassPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("dir" + n++ + ".jar");
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        out.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, (OutputStream) out);
                        out.closeEntry();
                    }
                }
                entries.add(jar.toString());
            } else if (Files.isRegularFile(p)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
