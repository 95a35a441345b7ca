package io.github.multiprocessing4j.internal;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeroturnaround.exec.StartedProcess;

/**
 * A running child JVM connected to this one: its process, its authenticated channel, and a future that
 * completes once it has exited and all its output was forwarded.
 */
public final class Child {
    private final ChildLauncher.Spec spec;
    private final StartedProcess started;
    private final Channel channel;
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    Child(ChildLauncher.Spec spec, StartedProcess started, Channel channel) {
        this.spec = spec;
        this.started = started;
        this.channel = channel;
        Thread waiter = new Thread(this::awaitFinish, "mp4j-reaper-" + spec.name());
        // A non-daemon child keeps the parent JVM alive until it ends, as Python's parent waits for it.
        waiter.setDaemon(spec.daemon());
        waiter.start();
    }

    private void awaitFinish() {
        try {
            started.getFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the exit value below is what matters
        }
        try {
            finished.complete(started.getProcess().waitFor());
        } catch (InterruptedException e) {
            finished.complete(started.getProcess().exitValue());
        } finally {
            channel.close();
        }
    }

    public String name() {
        return spec.name();
    }

    public boolean daemon() {
        return spec.daemon();
    }

    public long pid() {
        return started.getProcess().pid();
    }

    public Channel channel() {
        return channel;
    }

    public Process process() {
        return started.getProcess();
    }

    /** Completes with the exit code once the process ended and its stdout and stderr were forwarded. */
    public CompletableFuture<Integer> finished() {
        return finished;
    }

    public boolean isAlive() {
        return !finished.isDone();
    }

    public OptionalInt exitCode() {
        Integer code = finished.getNow(null);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Waits for the end; true if it ended within the timeout (null: no limit). */
    public boolean join(Duration timeout) throws InterruptedException {
        try {
            if (timeout == null) {
                finished.get();
            } else {
                finished.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** SIGTERM. */
    public void terminate() {
        started.getProcess().destroy();
    }

    /** SIGKILL. */
    public void kill() {
        started.getProcess().destroyForcibly();
    }
}
