package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Threads that take turns on one ring keep their own per-thread state (participant line, receive buffer)
 * even though the ring remembers only the last thread's.
 */
class MappedRingThreadsTest {
    private MappedRing ring;
    private ExecutorService other;

    @BeforeEach
    void create() {
        ring = MappedRing.create(RuntimeDir.newPath("threads-test-", ".ring"), 16, 6, 0);
        other = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void close() throws Exception {
        other.shutdownNow();
        assertTrue(other.awaitTermination(20, TimeUnit.SECONDS));
        ring.unlink();
    }

    @Test
    void aThreadsReceivedBytesSurviveAnotherThreadsPoll() throws Exception {
        byte[] mine = {1, 1, 1};
        byte[] theirs = {2, 2, 2, 2};
        assertTrue(ring.offer(mine, 0, mine.length, 0, false));
        assertTrue(ring.offer(theirs, 0, theirs.length, 0, false));
        MappedRing.Received r = ring.poll(0);
        assertNotNull(r);
        byte[] seenByOther = other.submit(() -> {
            MappedRing.Received o = ring.poll(0);
            return Arrays.copyOf(o.array(), o.length);
        }).get(20, TimeUnit.SECONDS);
        assertArrayEquals(theirs, seenByOther);
        assertArrayEquals(mine, Arrays.copyOf(r.array(), r.length), "the other thread's poll overwrote this one's bytes");
        assertTrue(ring.offer(mine, 0, mine.length, 0, false));
        MappedRing.Received again = ring.poll(0);
        assertArrayEquals(mine, Arrays.copyOf(again.array(), again.length));
    }

    @Test
    void eachThreadPutsUnderItsOwnParticipantLine() throws Exception {
        byte[] item = {7};
        for (int i = 0; i < 3; i++) { // alternate, so the ring's last-thread cache flips each time
            assertTrue(ring.offer(item, 0, 1, 0, false));
            assertTrue(other.submit(() -> ring.offer(item, 0, 1, 0, false)).get(20, TimeUnit.SECONDS));
        }
        long pid = ProcessHandle.current().pid();
        MappedAccess raw = MappedAccess.varHandles(mapped());
        int lines = 0;
        for (int i = 0; i < RingLayout.PARTICIPANTS; i++) {
            if (raw.getLongVolatile(RingLayout.participant(i) + RingLayout.P_PID) == pid) {
                lines++;
            }
        }
        assertEquals(2, lines, "participant lines held by this JVM");
        assertEquals(6, ring.count());
    }

    private java.nio.MappedByteBuffer mapped() {
        return MappedFiles.open(ring.path());
    }
}
