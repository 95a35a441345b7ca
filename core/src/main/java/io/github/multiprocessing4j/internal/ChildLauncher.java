package io.github.multiprocessing4j.internal;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.WorkerDiedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.StartedProcess;
import org.zeroturnaround.exec.stream.LogOutputStream;

/**
 * Starts child JVMs: the parent's own {@code java} and class path, the default options below, then the
 * caller's options, then {@link WorkerMain}. The bootstrap goes over stdin; the child connects back to
 * a Unix socket that accepts exactly one connection and is unlinked as soon as it has.
 *
 * <p>Launching is split in two ({@link #spawn} then {@link Pending#connect}) so a pool can start all
 * its JVMs before waiting for any of them.
 */
public final class ChildLauncher {
    /** The initial heap of every child; see {@link #DEFAULT_OPTIONS}. */
    static final String INITIAL_HEAP = "-Xms32m";
    /**
     * Options every child gets before the caller's: the serial collector (fewer threads, smaller RSS),
     * no hsperfdata file to leak, and every JVM message on stderr, never on the user's stdout.
     *
     * <p>And a small initial heap ({@link #INITIAL_HEAP}). The JDK's default is 1/64 of the machine's
     * memory (384 MB here), so a fresh child's young generation is ~100 MB of pages the kernel has never
     * mapped, and a child that allocates fast pays a page fault per 4 KB the first time through it: a
     * worker of {@code map_payload} (800 KB arrays each way) spent three quarters of its CPU there,
     * ~300 ms. From 32 MB the young generation is a few MB that are reused from one collection to the
     * next, and the heap still grows as the child needs (the maximum is unchanged). A caller's own
     * {@code -Xms} comes later on the command line and wins.
     */
    static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-XX:+DisplayVMOutputToStderr",
            "-Xlog:disable", "-Xlog:all=warning:stderr", INITIAL_HEAP);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(
            Long.getLong("mp4j.connectTimeoutSeconds", 60));
    private static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    /**
     * The class of this JVM's NIO {@code SelectorProvider}, once the warm-up thread has it. A child is told
     * it by name: otherwise its first socket runs a {@code ServiceLoader} scan of the whole class path
     * for another provider, which measured ~15% of a child's start-up with a large jar.
     */
    private static volatile String selectorProvider;

    static {
        // A JVM's first child pays for loading zt-exec, Kryo and the Unix socket machinery, ~80 ms in
        // all, one after the other. Take the last two off that path: this thread loads them on the
        // other core while the caller's thread loads zt-exec and launches.
        Thread t = new Thread(() -> {
            try {
                RuntimeDir.get();
                ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
                selectorProvider = instantiableByName(SelectorProvider.provider().getClass());
                Codec.local();
            } catch (IOException | RuntimeException ignored) {
                // the real calls report their own problems
            }
        }, "mp4j-launcher-warmup");
        t.setDaemon(true);
        t.start();
    }

    private ChildLauncher() {
    }

    /**
     * The name of a provider class the JDK can load from the property (public, with a public no-arg
     * constructor), or null.
     */
    static String instantiableByName(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        try {
            type.getConstructor();
            return type.getName();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** What to start. */
    public record Spec(String name, boolean daemon, List<String> jvmOptions, Map<String, String> environment) {
        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }
    }

    /** Starts the child's JVM and returns at once; {@link Pending#connect} waits for it to call back. */
    public static Pending spawn(Spec spec) {
        checkOnClassPath();
        Path socketPath = RuntimeDir.newPath("c", ".sock");
        byte[] secret = Channel.newSecret();
        Bootstrap boot = new Bootstrap(socketPath.toString(), secret, spec.name(), spec.daemon(),
                ProcessHandle.current().pid(), ChildRuntime.currentName());
        ClassDataSharing.Plan cds = ClassDataSharing.plan(DEFAULT_OPTIONS, !carriesAgent(spec));
        String classPath = System.getProperty("java.class.path");
        Path argFile = classPath.length() > MAX_CLASS_PATH_ARGUMENT ? classPathFile(classPath) : null;
        List<String> command = command(spec, cds, argFile);
        StartedProcess started;
        try {
            started = new ProcessExecutor(command)
                    .redirectInput(new ByteArrayInputStream(boot.encode()))
                    .redirectOutput(new LineForwarder(false))
                    .redirectError(new LineForwarder(true))
                    .environment(spec.environment())
                    .exitValueAny()
                    .start();
        } catch (IOException | RuntimeException e) {
            ClassDataSharing.childExited(cds);
            RuntimeDir.deleteQuietly(argFile);
            throw new MultiprocessingException("cannot start a JVM for " + spec.name() + " (" + command.get(0)
                    + "): " + rootMessage(e), e);
        }
        started.getProcess().onExit().thenRun(() -> {
            ClassDataSharing.childExited(cds);
            RuntimeDir.deleteQuietly(argFile);
        });
        // Listen only now, while the child boots: the first Unix socket of a JVM costs ~20 ms (the JDK
        // seeds a SecureRandom), and the child retries its connect until the socket is there.
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath), 1);
        } catch (IOException e) {
            started.getProcess().destroyForcibly();
            throw new MultiprocessingException("cannot listen on " + socketPath + " for child " + spec.name()
                    + ": " + e.getMessage(), e);
        }
        // A child that exits before it connects closes the socket, so that a wait for it ends at once.
        started.getProcess().onExit().thenRun(() -> closeQuietly(server, null));
        return new Pending(spec, started, server, socketPath, secret, cds, argFile);
    }

    /**
     * The longest class path passed on the command line itself. Linux refuses to start a program with any
     * one argument over 128 KiB ({@code E2BIG}, "Argument list too long"), and an application launched
     * from an argument file or an IDE can have a longer one: such a class path goes to the child in an
     * argument file, which the {@code java} launcher reads before it starts the JVM.
     */
    static final int MAX_CLASS_PATH_ARGUMENT = 32 * 1024;

    /** Writes {@code -cp <classPath>} to a new file of the private runtime directory, in the launcher's syntax. */
    static Path classPathFile(String classPath) {
        Path file = RuntimeDir.newPath("c", ".args");
        String quoted = classPath.replace("\\", "\\\\").replace("\"", "\\\"");
        try {
            Files.writeString(file, "-cp \"" + quoted + "\"\n");
        } catch (IOException e) {
            throw new MultiprocessingException("cannot write the class path for a child to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()); // not zt-exec's, which repeats the whole command line
    }

    private static volatile boolean onClassPath;

    /**
     * A child runs {@link WorkerMain} from this JVM's {@code java.class.path}. Where the library was
     * loaded by another class loader (a Spring Boot executable jar's nested jars, an application server,
     * a plugin's loader), the child would die at once with "Could not find or load main class": say so
     * here, and what to do, without starting a JVM.
     */
    static void checkOnClassPath() {
        if (onClassPath) {
            return;
        }
        String self = WorkerMain.class.getName().replace('.', '/') + ".class";
        if (ClassLoader.getSystemClassLoader().getResource(self) == null) {
            String cp = System.getProperty("java.class.path", "");
            throw new MultiprocessingException("cannot start a child JVM: multiprocessing4j is not on this JVM's class"
                    + " path (" + (cp.length() > 200 ? cp.substring(0, 200) + "..." : cp) + "), it was loaded by "
                    + WorkerMain.class.getClassLoader() + ", and a child gets only the class path. Start the application"
                    + " with the library and the classes of its tasks on the class path (java -cp 'app.jar:lib/*' Main;"
                    + " for a Spring Boot jar, its extracted layout: java -Djarmode=tools -jar app.jar extract)");
        }
        onClassPath = true;
    }

    /** The environment variables through which the {@code java} launcher and the JVM take options. */
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /**
     * Whether the child will run with a JVMTI or Java agent: from its options, or from an environment
     * variable it inherits or is given ({@code JAVA_TOOL_OPTIONS=-javaagent:...} is how APM and tracing
     * agents are usually installed).
     */
    static boolean carriesAgent(Spec spec) {
        for (String option : spec.jvmOptions()) {
            if (isAgent(option)) {
                return true;
            }
        }
        for (String variable : OPTION_VARIABLES) {
            String value = spec.environment().containsKey(variable) ? spec.environment().get(variable) : System.getenv(variable);
            if (value != null && isAgent(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAgent(String options) {
        return options.contains("-javaagent:") || options.contains("-agentlib:") || options.contains("-agentpath:");
    }

    static List<String> command(Spec spec, ClassDataSharing.Plan cds, Path classPathFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (classPathFile != null) {
            cmd.add("@" + classPathFile);
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
        }
        cmd.addAll(DEFAULT_OPTIONS);
        cmd.addAll(cds.options());
        String provider = System.getProperty(SELECTOR_PROVIDER_PROPERTY, selectorProvider);
        if (provider != null) { // before the caller's options, so a -D of theirs wins
            cmd.add("-D" + SELECTOR_PROVIDER_PROPERTY + "=" + provider);
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("mp4j.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(spec.jvmOptions());
        cmd.add(WorkerMain.class.getName());
        return cmd;
    }

    /** A child JVM that was started and has not connected back yet. */
    public static final class Pending {
        private final Spec spec;
        private final StartedProcess started;
        private final ServerSocketChannel server;
        private final Path socketPath;
        private final byte[] secret;
        private final ClassDataSharing.Plan cds;
        private final Path argFile;

        private Pending(Spec spec, StartedProcess started, ServerSocketChannel server, Path socketPath, byte[] secret,
                        ClassDataSharing.Plan cds, Path argFile) {
            this.spec = spec;
            this.started = started;
            this.server = server;
            this.socketPath = socketPath;
            this.secret = secret;
            this.cds = cds;
            this.argFile = argFile;
        }

        public long pid() {
            return started.getProcess().pid();
        }

        public boolean isAlive() {
            return started.getProcess().isAlive();
        }

        /** Whether the socket the child is to connect to is still open: its exit closes it. For tests. */
        boolean listening() {
            return server.isOpen();
        }

        /**
         * Waits for the child to connect and authenticate. If the child dies first, or does not call back
         * within a minute, the child is killed and this throws, naming its exit code.
         */
        public Child connect() {
            Process process = started.getProcess();
            CompletableFuture<Void> timer = new CompletableFuture<Void>()
                    .completeOnTimeout(null, CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            timer.thenRun(() -> closeQuietly(server, null));
            try {
                SocketChannel s = server.accept();
                Channel channel = Channel.authenticate(s, secret, spec.name() + " (pid " + process.pid() + ")", true);
                return new Child(spec, started, channel);
            } catch (ClosedChannelException e) {
                // closed by the child's exit (while this thread waited, or before it began to) or by the timer
                boolean exited = !process.isAlive();
                process.destroyForcibly();
                if (exited && cds.dumpTo() != null) {
                    // Most likely its JVM refused to dump the archive (an agent we could not see): start
                    // it again without. Had its options been wrong, the second start fails the same way.
                    ClassDataSharing.refuseDumps();
                    return spawn(spec).connect();
                }
                String why = !exited ? "did not connect back within " + CONNECT_TIMEOUT.toSeconds() + " s"
                        : "exited before connecting back, " + WorkerDiedException.describeExit(waitExit(process))
                        + " (see its stderr above; check the JVM options)";
                throw new WorkerDiedException("child JVM " + spec.name() + " (pid " + process.pid() + ") " + why,
                        process.pid(), exitCode(process));
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                if (e instanceof MultiprocessingException m) {
                    throw m;
                }
                throw new MultiprocessingException("cannot connect to child JVM " + spec.name() + ": " + e.getMessage(), e);
            } finally {
                timer.cancel(false);
                closeQuietly(server, socketPath);
                RuntimeDir.deleteQuietly(argFile); // read by the launcher long before the child could connect
            }
        }

        /** Kills a child that will not be connected (its sibling failed to start, say). */
        public void abandon() {
            started.getProcess().destroyForcibly();
            closeQuietly(server, socketPath);
            RuntimeDir.deleteQuietly(argFile);
        }
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static java.util.OptionalInt exitCode(Process p) {
        return p.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(p.exitValue());
    }

    private static void closeQuietly(ServerSocketChannel server, Path path) {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listener cannot lose data
        }
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the runtime directory sweep removes it
            }
        }
    }

    /**
     * Forwards a child's output line by line, so lines of different children never interleave mid-line.
     * Looks up {@code System.out}/{@code System.err} for every line, so a stream the application swaps in
     * later gets the children's output too.
     */
    private static final class LineForwarder extends LogOutputStream {
        private final boolean err;

        LineForwarder(boolean err) {
            this.err = err;
        }

        @Override
        protected void processLine(String line) {
            PrintStream target = err ? System.err : System.out;
            target.println(line);
        }
    }
}
