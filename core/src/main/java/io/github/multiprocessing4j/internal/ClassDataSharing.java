package io.github.multiprocessing4j.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts children from an AppCDS archive of the classes a child loads (Kryo, the worker runtime), which
 * cuts a child's start-up by about a quarter.
 *
 * <p>The archive is built on first use and kept in a per-user cache,
 * {@code $XDG_CACHE_HOME/multiprocessing4j/cds/<key>.jsa} (default {@code ~/.cache}): the first child
 * of a JVM that finds no archive runs with {@code -XX:ArchiveClassesAtExit}, and when it has exited the
 * parent moves the dump into place atomically. The key covers the JVM, the class path (each jar's size
 * and time) and the options, so a changed jar gets a fresh archive; archives unused for 30 days, and
 * all but the 16 most recently used, are removed, so rebuilding an application does not fill the
 * cache. HotSpot needs a class path of jars only; with a directory on it (a build's
 * {@code target/classes}) this does nothing. A missing archive
 * is never named on the command line, so it cannot disable CDS. {@code -Dmp4j.cds=false} turns it off.
 */
final class ClassDataSharing {
    private static final AtomicBoolean DUMPING = new AtomicBoolean();
    private static final AtomicBoolean TOUCHED = new AtomicBoolean();
    /** Archives unused for this long are removed; each rebuilt jar leaves one behind otherwise. */
    static final long MAX_IDLE_MILLIS = 30L * 24 * 60 * 60 * 1000;
    /** At most this many archives are kept, the most recently used ones. */
    static final int MAX_ARCHIVES = 16;
    private static volatile Path archive;
    private static volatile boolean usable = true;
    private static volatile boolean dumpRefused;

    private ClassDataSharing() {
    }

    /**
     * What to add to a child's command line; {@link #childExited} must be told when that child ends.
     * {@code mayDump} is false for a child that will carry a JVMTI or Java agent: HotSpot refuses to start
     * a JVM that should dump an archive with one ("CDS dumping does not support native JVMTI agent",
     * "Must enable AllowArchivingWithJavaAgent"), so such a child only uses an archive that exists.
     */
    static Plan plan(List<String> baseOptions, boolean mayDump) {
        if (!usable || !Boolean.parseBoolean(System.getProperty("mp4j.cds", "true"))) {
            return Plan.NONE;
        }
        Path a = archive;
        if (a == null) {
            a = archivePath(baseOptions);
            if (a == null) {
                usable = false;
                return Plan.NONE;
            }
            archive = a;
        }
        if (Files.isRegularFile(a)) {
            if (TOUCHED.compareAndSet(false, true)) {
                touch(a);
            }
            return new Plan(List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off:stderr", "-Xlog:cds+dynamic=off:stderr"), null);
        }
        if (mayDump && !dumpRefused && DUMPING.compareAndSet(false, true)) {
            Path tmp = a.resolveSibling(a.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            return new Plan(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off:stderr", "-Xlog:cds+dynamic=off:stderr"), tmp);
        }
        return Plan.NONE;
    }

    /**
     * A child that should have dumped the archive died before it even connected: its JVM refused the
     * dump (an agent we did not see, say). No child of this JVM dumps again; the caller starts it again
     * without.
     */
    static void refuseDumps() {
        dumpRefused = true; // the dumping child's exit hook (see ChildLauncher#spawn) cleans up after it
    }

    /** Moves a finished dump into place, or lets the next child try again if there is none. */
    static void childExited(Plan plan) {
        if (plan.dumpTo() == null) {
            return;
        }
        try {
            if (Files.isRegularFile(plan.dumpTo()) && Files.size(plan.dumpTo()) > 0) {
                Files.move(plan.dumpTo(), archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                DUMPING.set(false);
            }
        } catch (IOException e) {
            usable = false; // an unwritable cache: start without an archive rather than retry forever
        } finally {
            try {
                Files.deleteIfExists(plan.dumpTo());
            } catch (IOException ignored) {
                // a stale temporary file in the cache does no harm
            }
        }
    }

    private static Path archivePath(List<String> baseOptions) {
        String cp = System.getProperty("java.class.path", "");
        if (cp.isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version")).append('|').append(baseOptions);
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                return null;
            }
            try {
                key.append('|').append(p.toAbsolutePath()).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                return null;
            }
        }
        String home = System.getenv("XDG_CACHE_HOME");
        Path cache = (home != null && !home.isEmpty() ? Paths.get(home) : Paths.get(System.getProperty("user.home"), ".cache"))
                .resolve("multiprocessing4j").resolve("cds");
        try {
            Files.createDirectories(cache);
            sweepStaleDumps(cache);
        } catch (IOException e) {
            return null;
        }
        String digest = HexFormat.of().formatHex(HmacSha256.sha256(key.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
        Path mine = cache.resolve(digest + ".jsa");
        sweepOldArchives(cache, mine, System.currentTimeMillis());
        return mine;
    }

    /** Removes dumps left by a dumping child that was killed (older than ten minutes: nobody writes them now). */
    private static void sweepStaleDumps(Path cache) {
        long cutoff = System.currentTimeMillis() - 10 * 60_000L;
        try (java.nio.file.DirectoryStream<Path> tmp = Files.newDirectoryStream(cache, "*.tmp")) {
            for (Path p : tmp) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // a cache we cannot tidy still works
        }
    }

    /** Marks an archive as used now (its modification time), so that the sweep keeps it. */
    private static void touch(Path archive) {
        try {
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // an archive that looks old is at worst rebuilt once
        }
    }

    /**
     * Removes the archives of other class paths (an application's older builds, mostly) that no JVM has
     * used for {@link #MAX_IDLE_MILLIS}, and beyond the {@link #MAX_ARCHIVES} most recently used; never
     * {@code keep}. A removed archive that is still wanted is rebuilt by its next child.
     */
    static void sweepOldArchives(Path cache, Path keep, long now) {
        List<Path> others = new java.util.ArrayList<>();
        java.util.Map<Path, Long> used = new java.util.HashMap<>();
        try (java.nio.file.DirectoryStream<Path> archives = Files.newDirectoryStream(cache, "*.jsa")) {
            for (Path p : archives) {
                if (!p.equals(keep)) {
                    used.put(p, Files.getLastModifiedTime(p).toMillis());
                    others.add(p);
                }
            }
        } catch (IOException e) {
            return; // a cache we cannot list still works
        }
        others.sort(java.util.Comparator.comparing((Path p) -> used.get(p)).reversed());
        for (int i = 0; i < others.size(); i++) {
            Path p = others.get(i);
            if (i >= MAX_ARCHIVES - 1 || now - used.get(p) > MAX_IDLE_MILLIS) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another JVM may be removing it too
                }
            }
        }
    }

    /** Options for one child, and where its dump goes if it is the one that builds the archive. */
    record Plan(List<String> options, Path dumpTo) {
        static final Plan NONE = new Plan(List.of(), null);
    }
}
