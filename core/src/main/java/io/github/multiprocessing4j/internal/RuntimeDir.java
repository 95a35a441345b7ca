package io.github.multiprocessing4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The one place this JVM keeps its sockets and mapped files: a private directory
 * {@code <base>/mp4j-<pid>-<random>} with mode 0700, where {@code <base>} is {@code /dev/shm} when it
 * is writable (tmpfs, so mapped files never touch disk) and {@code java.io.tmpdir} otherwise.
 *
 * <p>Lifecycle, one mechanism for every kind of file (Python's {@code resource_tracker} role): the
 * directory is removed with everything in it when this JVM exits normally, and the first JVM that
 * creates its own directory afterwards sweeps every {@code mp4j-<pid>-*} directory whose process is
 * gone, which covers a JVM that was SIGKILLed. Other JVMs of the same user reach files inside by
 * absolute path; nobody else can.
 */
public final class RuntimeDir {
    /** System property that overrides the base directory (tests use it to sandbox themselves). */
    public static final String BASE_PROPERTY = "mp4j.runtimeBase";
    public static final String PREFIX = "mp4j-";

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile Path dir;

    private RuntimeDir() {
    }

    /** The base under which every JVM's runtime directory is made. */
    public static Path base() {
        String configured = System.getProperty(BASE_PROPERTY);
        if (configured != null) {
            return Paths.get(configured);
        }
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /** This JVM's directory, made (and dead JVMs' directories swept) on first use. Thread-safe. */
    public static Path get() {
        Path d = dir;
        if (d == null) {
            synchronized (RuntimeDir.class) {
                d = dir;
                if (d == null) {
                    d = create();
                    dir = d;
                }
            }
        }
        return d;
    }

    /** Whether this JVM made its directory yet. */
    public static boolean exists() {
        return dir != null;
    }

    /** A fresh path in this JVM's directory, not yet created: {@code <dir>/<prefix><n><suffix>}. */
    public static Path newPath(String prefix, String suffix) {
        return get().resolve(prefix + SEQUENCE.incrementAndGet() + suffix);
    }

    /** Deletes a file if it is there; a failure is left to the sweep of the runtime directory at exit. */
    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // removed with the runtime directory
        }
    }

    private static Path create() {
        Path base = base();
        sweep(base);
        byte[] r;
        r = HmacSha256.randomBytes(4);
        Path d = base.resolve(PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r));
        try {
            Files.createDirectories(base);
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the private runtime directory " + d
                    + " (set -D" + BASE_PROPERTY + " to a writable directory)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d), "mp4j-runtime-dir-cleanup"));
        return d;
    }

    /** Removes the directories of JVMs that are no longer running. Returns how many were removed. */
    public static int sweep(Path base) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path p : entries) {
                long pid = ownerPid(p.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.isDirectory(p)) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's base, or a race with another sweeper: nothing of ours to do
        }
        return removed;
    }

    /** The pid in {@code mp4j-<pid>-<random>}, or -1 if the name is not of that form. */
    public static long ownerPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        int end = name.indexOf('-', PREFIX.length());
        if (end < 0) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Deletes a file tree, ignoring what vanished meanwhile. */
    public static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // raced with another deleter, or not ours
                }
            });
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException | UncheckedIOException ignored) {
            // best effort at exit
        }
    }
}
