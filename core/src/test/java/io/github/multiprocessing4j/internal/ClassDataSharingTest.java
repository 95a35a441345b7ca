package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive cache stays bounded: each rebuilt application jar would otherwise leave an archive behind. */
class ClassDataSharingTest {
    private static final long DAY = 24L * 60 * 60 * 1000;

    private static Path archive(Path dir, String name, long lastUsed) throws IOException {
        Path p = Files.writeString(dir.resolve(name + ".jsa"), name);
        Files.setLastModifiedTime(p, FileTime.fromMillis(lastUsed));
        return p;
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsa")).count();
        }
    }

    @Test
    void archivesUnusedForAMonthAreRemovedButNotTheOneInUse(@TempDir Path dir) throws IOException {
        long now = System.currentTimeMillis();
        Path mine = archive(dir, "mine", now - 90 * DAY); // touched when used; old here on purpose
        Path recent = archive(dir, "recent", now - 2 * DAY);
        Path stale = archive(dir, "stale", now - 31 * DAY);
        Path other = Files.writeString(dir.resolve("notes.txt"), "not an archive");
        Files.setLastModifiedTime(other, FileTime.fromMillis(now - 90 * DAY));

        ClassDataSharing.sweepOldArchives(dir, mine, now);

        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(recent));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other), "only archives are swept");
    }

    @Test
    void onlyTheMostRecentlyUsedArchivesAreKept(@TempDir Path dir) throws IOException {
        long now = System.currentTimeMillis();
        Path mine = archive(dir, "mine", now);
        for (int i = 0; i < 40; i++) {
            archive(dir, "build-" + i, now - i * 60_000L); // build-0 is the most recently used
        }

        ClassDataSharing.sweepOldArchives(dir, mine, now);

        assertEquals(ClassDataSharing.MAX_ARCHIVES, count(dir));
        assertTrue(Files.exists(mine));
        for (int i = 0; i < ClassDataSharing.MAX_ARCHIVES - 1; i++) {
            assertTrue(Files.exists(dir.resolve("build-" + i + ".jsa")), "build-" + i);
        }
        assertFalse(Files.exists(dir.resolve("build-" + (ClassDataSharing.MAX_ARCHIVES - 1) + ".jsa")));
    }
}
