package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Codec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Named shared memory: attach by name in another JVM; close and unlink are different operations. */
class SharedMemoryTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void aChildAttachesByNameAndWritesWhatTheCreatorReads() {
        SharedMemory shm = Ipc.sharedMemory("mp4j-test-attach", 4096);
        try {
            assertEquals("mp4j-test-attach", shm.name());
            assertEquals(4096, shm.size());
            shm.buf().putInt(0, 7);
            JvmProcess p = new JvmProcess(() -> {
                SharedMemory same = Ipc.attachSharedMemory("/mp4j-test-attach");
                ByteBuffer b = same.buf();
                b.putInt(4, b.getInt(0) * 6);
                same.close();
            }).start();
            assertTrue(p.join(LIMIT));
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertEquals(42, shm.buf().getInt(4));
        } finally {
            shm.close();
            shm.unlink();
        }
    }

    @Test
    void unlinkRemovesTheNameButNotTheMemoryOfThoseWhoHaveIt() throws Exception {
        SharedMemory shm = Ipc.sharedMemory(64);
        assertTrue(shm.name().startsWith("psm_"), shm.name());
        SharedMemory attached = Ipc.attachSharedMemory(shm.name());
        Path file = findFile(shm);
        assertTrue(Files.exists(file));
        shm.unlink();
        assertFalse(Files.exists(file));
        MultiprocessingException gone = assertThrows(MultiprocessingException.class, () -> Ipc.attachSharedMemory(shm.name()));
        assertEquals("no shared memory named '" + shm.name() + "' (never created, unlinked, or its creating JVM exited)",
                gone.getMessage());
        attached.buf().put(3, (byte) 9);
        assertEquals(9, shm.buf().get(3));
        MultiprocessingException twice = assertThrows(MultiprocessingException.class, shm::unlink);
        assertEquals("shared memory '" + shm.name() + "' is already unlinked", twice.getMessage());
    }

    @Test
    void closeEndsThisObjectsUseOnlyAndIsIdempotent() {
        SharedMemory shm = Ipc.sharedMemory("mp4j-test-close", 16);
        try {
            ByteBuffer view = shm.buf();
            shm.close();
            shm.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, shm::buf);
            assertEquals("shared memory 'mp4j-test-close' is closed in this JVM", e.getMessage());
            view.put(0, (byte) 1); // views already taken stay valid
            SharedMemory again = Ipc.attachSharedMemory("mp4j-test-close");
            assertEquals(1, again.buf().get(0));
        } finally {
            shm.unlink();
        }
    }

    @Test
    void namesAreUniqueAndChecked() {
        SharedMemory shm = Ipc.sharedMemory("mp4j-test-unique", 8);
        try {
            MultiprocessingException e = assertThrows(MultiprocessingException.class,
                    () -> Ipc.sharedMemory("mp4j-test-unique", 8));
            assertTrue(e.getMessage().startsWith("shared memory 'mp4j-test-unique' already exists: "), e.getMessage());
        } finally {
            shm.unlink();
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Ipc.sharedMemory("a/b", 8));
        assertEquals("shared memory name must be 1 to 100 of [A-Za-z0-9._-]: 'a/b'", bad.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> Ipc.sharedMemory("ok", 0));
        assertEquals("shared memory size must be positive: 0", size.getMessage());
    }

    @Test
    void itTravelsThroughTheCodecAsTheSameMemory() {
        SharedMemory shm = Ipc.sharedMemory("mp4j-test-codec", 8);
        try {
            SharedMemory copy = (SharedMemory) Codec.local().roundTrip(shm);
            copy.buf().put(0, (byte) 5);
            assertEquals(5, shm.buf().get(0));
            assertEquals("mp4j-test-codec", copy.name());
        } finally {
            shm.unlink();
        }
    }

    @Test
    void theNameOfAKilledCreatorIsGoneAndItsFileSwept() throws Exception {
        Event created = Ipc.event();
        JvmProcess creator = new JvmProcess(() -> {
            SharedMemory mine = Ipc.sharedMemory("mp4j-test-killed", 32);
            mine.buf().put(0, (byte) 1);
            created.set();
            try {
                Ipc.event().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        assertTrue(created.await(LIMIT));
        SharedMemory attached = Ipc.attachSharedMemory("mp4j-test-killed");
        Path dir = null;
        try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(
                io.github.multiprocessing4j.internal.RuntimeDir.base(), "mp4j-" + creator.pid() + "-*")) {
            for (Path d : dirs) {
                dir = d;
            }
        }
        assertTrue(dir != null && Files.exists(dir.resolve("shm-mp4j-test-killed")), "creator's file not found");
        creator.kill();
        assertTrue(creator.join(LIMIT));
        assertEquals(1, attached.buf().get(0), "memory mapped before the kill stays usable");
        MultiprocessingException e = assertThrows(MultiprocessingException.class,
                () -> Ipc.attachSharedMemory("mp4j-test-killed"));
        assertTrue(e.getMessage().startsWith("no shared memory named 'mp4j-test-killed'"), e.getMessage());
        io.github.multiprocessing4j.internal.RuntimeDir.sweep(io.github.multiprocessing4j.internal.RuntimeDir.base());
        assertFalse(Files.exists(dir), "the sweep left " + dir);
    }

    private static Path findFile(SharedMemory shm) {
        return io.github.multiprocessing4j.internal.RuntimeDir.get().resolve("shm-" + shm.name());
    }
}
