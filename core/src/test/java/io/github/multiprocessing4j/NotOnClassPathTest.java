package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.TestJvm;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that loads the library through a class loader of its own (a Spring Boot executable jar,
 * an application server, a plugin) cannot give a child the library by class path: starting a process or
 * a pool says so at once, and what to do, and starts no JVM. Before, the child died with "Could not find
 * or load main class" and the caller read "exited before connecting back, exit code 1".
 */
class NotOnClassPathTest {

    @Test
    void aLibraryLoadedByAnotherClassLoaderSaysSoInsteadOfStartingAChildThatCannotRun(@TempDir Path dir) throws Exception {
        Path launcher = dir.resolve("launcher.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(launcher))) {
            String name = LoaderLauncher.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(name));
            try (var in = LoaderLauncher.class.getClassLoader().getResourceAsStream(name)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        try (TestJvm jvm = TestJvm.start(Paths.get(System.getProperty("java.home")), launcher.toString(), Map.of(),
                LoaderLauncher.class, System.getProperty("java.class.path"))) {
            assertEquals(0, jvm.waitFor(Duration.ofSeconds(60)), "probe failed: " + jvm.output());
            List<String> out = jvm.output();
            assertTrue(out.contains("process: clear"), out.toString());
            assertTrue(out.contains("pool: clear"), out.toString());
            assertTrue(out.contains("children 0"), out.toString());
        }
    }

    /** The launcher's main: loads the library and the probe from args[0] through a loader of its own. */
    public static final class LoaderLauncher {
        public static void main(String[] args) throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : args[0].split(File.pathSeparator)) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
            ClassLoader app = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(app);
            app.loadClass("io.github.multiprocessing4j.NotOnClassPathTest$Probe").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }

    /** Runs inside the launcher's loader. */
    public static final class Probe {
        public static void main(String[] args) {
            report("process", () -> new JvmProcess(() -> { }).start());
            report("pool", () -> {
                try (ProcessPool pool = new ProcessPool(1)) {
                    pool.map(x -> x, List.of(1));
                }
            });
            System.out.println("children " + Multiprocessing.activeChildren().size());
        }

        private static void report(String what, Runnable r) {
            try {
                r.run();
                System.out.println(what + ": started");
            } catch (MultiprocessingException e) {
                boolean clear = e.getMessage().contains("not on this JVM's class path") && e.getMessage().contains("java -cp");
                System.out.println(what + (clear ? ": clear" : ": unclear " + e));
            }
        }
    }
}
