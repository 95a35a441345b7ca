package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Child;
import io.github.multiprocessing4j.internal.ChildLauncher;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.MessageTypes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM running one target: Python's {@code multiprocessing.Process}.
 *
 * <pre>{@code
 * JvmProcess p = new JvmProcess(() -> calcSquare(numbers));
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>The target and everything it captures are encoded in the caller's thread by {@link #start()}, so a
 * target that cannot travel fails there with an {@link EncodingException}. The child is a fresh JVM
 * (Python's "spawn"): static state of the parent is not there. Its stdout and stderr are forwarded line
 * by line to this JVM's {@code System.out} and {@code System.err}.
 *
 * <p>Exit codes: 0 when the target returns, 1 when it throws (its stack trace is printed in the child's
 * stderr, as Python does), {@code n} for {@code System.exit(n)}, {@code 128 + N} when ended by signal
 * {@code N} (Python reports {@code -N}).
 *
 * <p>Lifetime: a child ends when its parent JVM dies, however it dies. A non-daemon child keeps the
 * parent JVM from exiting until it ends, as in Python; a daemon child is ended when the parent exits.
 *
 * <p>Thread-safety: all methods may be called from any thread. {@code join} happens-after everything
 * the child printed was forwarded.
 */
public final class JvmProcess {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final SerializableRunnable target;
    private final String name;
    private final boolean daemon;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private volatile ChildLauncher.Pending pending;
    private volatile Child child;
    private byte[] encodedTarget;

    /** A non-daemon process named {@code JvmProcess-N} with default JVM options. */
    public JvmProcess(SerializableRunnable target) {
        this(builder(target));
    }

    private JvmProcess(Builder b) {
        this.target = Objects.requireNonNull(b.target, "target");
        this.name = b.name != null ? b.name : "JvmProcess-" + COUNTER.incrementAndGet();
        this.daemon = b.daemon;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.environment = Map.copyOf(b.environment);
    }

    /** A builder for a process with a name, daemon flag, JVM options or environment. */
    public static Builder builder(SerializableRunnable target) {
        return new Builder(target);
    }

    /**
     * Starts the child JVM and hands it the target. Returns once the child has connected and received
     * the target (about a JVM start-up time), not when the target ends.
     *
     * @return this process, for chaining
     * @throws EncodingException if the target or something it captures cannot be encoded; no JVM was started
     * @throws IllegalStateException if this process was started before
     * @throws WorkerDiedException if the child JVM died before it could connect (bad JVM options, say)
     */
    public JvmProcess start() {
        spawn();
        awaitConnected();
        return this;
    }

    /** First half of {@link #start()}: encodes the target and launches the JVM without waiting for it. */
    void spawn() {
        spawn(true);
    }

    /**
     * Launches the JVM without waiting for it. With {@code encodeFirst} false the target is encoded
     * while the JVM boots (a pool's own worker target cannot fail to encode, and a cold codec costs
     * tens of milliseconds); {@code start()} encodes first so a bad target starts no JVM.
     */
    void spawn(boolean encodeFirst) {
        byte[] encoded = encodeFirst ? Codec.local().encode(target) : null;
        synchronized (this) {
            if (pending != null) {
                throw new IllegalStateException("cannot start a process twice: " + this);
            }
            pending = ChildLauncher.spawn(new ChildLauncher.Spec(name, daemon, jvmOptions, environment));
            try {
                encodedTarget = encoded != null ? encoded : Codec.local().encode(target);
            } catch (RuntimeException e) {
                pending.abandon();
                throw e;
            }
        }
    }

    /** Second half of {@link #start()}: waits for the JVM to connect, then hands it the target. */
    void awaitConnected() {
        Child c = pending.connect();
        child = c;
        Multiprocessing.register(this);
        try {
            c.channel().sendBytes(MessageTypes.RUN_TARGET, 0, encodedTarget, 0, encodedTarget.length);
        } catch (IOException e) {
            // the child died right after connecting; exitCode() and join() tell how
        }
        encodedTarget = null;
    }

    /** Waits until the child has ended and its output was forwarded. Restores the interrupt flag if interrupted. */
    public void join() {
        try {
            started().join(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining " + this, e);
        }
    }

    /**
     * Waits at most {@code timeout} for the child to end.
     *
     * @return true if it ended, false if the timeout passed first (check {@link #isAlive()})
     */
    public boolean join(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return started().join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while joining " + this, e);
        }
    }

    /** Whether the child was started and has not ended yet. */
    public boolean isAlive() {
        Child c = child;
        if (c == null) {
            ChildLauncher.Pending p = pending;
            return p != null && p.isAlive();
        }
        return c.isAlive();
    }

    /** The exit code once the child has ended; empty before it is started and while it runs. */
    public OptionalInt exitCode() {
        Child c = child;
        return c == null ? OptionalInt.empty() : c.exitCode();
    }

    /** The child's process id. @throws IllegalStateException if not started */
    public long pid() {
        ChildLauncher.Pending p = pending;
        if (p == null) {
            throw new IllegalStateException("process " + name + " was not started");
        }
        return p.pid();
    }

    /** The name given to the builder, or {@code JvmProcess-N}. The child sees it as its current process name. */
    public String name() {
        return name;
    }

    public boolean isDaemon() {
        return daemon;
    }

    /** Sends SIGTERM: the child's shutdown hooks run. Does nothing if it already ended. */
    public void terminate() {
        Child c = started();
        if (c.isAlive()) {
            c.terminate();
        }
    }

    /** Sends SIGKILL. Does nothing if it already ended. */
    public void kill() {
        Child c = child;
        if (c == null) {
            ChildLauncher.Pending p = pending;
            if (p == null) {
                throw new IllegalStateException("process " + name + " was not started");
            }
            p.abandon();
        } else if (c.isAlive()) {
            c.kill();
        }
    }

    Child child() {
        return child;
    }

    private Child started() {
        Child c = child;
        if (c == null) {
            throw new IllegalStateException("process " + name + " was not started");
        }
        return c;
    }

    @Override
    public String toString() {
        Child c = child;
        String state = c == null ? "initial" : c.isAlive() ? "started" : "stopped exitcode=" + c.exitCode().getAsInt();
        return "<JvmProcess name='" + name + "'" + (c == null ? "" : " pid=" + c.pid()) + " " + state
                + (daemon ? " daemon" : "") + ">";
    }

    /** Configuration for a {@link JvmProcess}. Holds values only; nothing starts until {@link JvmProcess#start()}. */
    public static final class Builder {
        private final SerializableRunnable target;
        private String name;
        private boolean daemon;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(SerializableRunnable target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** The process name; default {@code JvmProcess-N}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Whether the child is ended when this JVM exits (true) or this JVM waits for it (false, the default). */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Options for the child's {@code java} command ({@code -Xmx256m}, say). They come after the
         * library's defaults (the serial collector, a 32 MB initial heap), so an option given here wins.
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** An environment variable for the child, on top of this JVM's environment. */
        public Builder environment(String key, String value) {
            environment.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Environment variables for the child, on top of this JVM's environment. */
        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::environment);
            return this;
        }

        public JvmProcess build() {
            return new JvmProcess(this);
        }

        /** Builds and starts the process. */
        public JvmProcess start() {
            return build().start();
        }
    }
}
