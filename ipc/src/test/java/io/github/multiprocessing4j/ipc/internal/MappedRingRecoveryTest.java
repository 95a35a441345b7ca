package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A producer or consumer that died between its claim and its publish/release must not wedge the others.
 * Dying at exactly that instruction cannot be arranged with a real SIGKILL, so the dead thread's footprint
 * (its participant line and its claim) is written into the mapped file the way it would have left it, with
 * the pid of a process that has really exited.
 */
class MappedRingRecoveryTest {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private MappedRing ring;
    private MappedByteBuffer raw;
    private long deadPid;

    @BeforeEach
    void setUp() throws Exception {
        ring = MappedRing.create(RuntimeDir.newPath("test-", ".ring"), 4, 6, 0);
        try (FileChannel ch = FileChannel.open(ring.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            raw = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
        }
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        deadPid = p.pid();
    }

    @AfterEach
    void tearDown() {
        ring.unlink();
    }

    private void deadParticipant(int fromOffset, long from, long to) {
        int at = RingLayout.participant(RingLayout.PARTICIPANTS - 1);
        LONG.setVolatile(raw, at + RingLayout.P_PID, deadPid);
        LONG.setVolatile(raw, at + RingLayout.P_PUT_TO, -1L);
        LONG.setVolatile(raw, at + RingLayout.P_TAKE_TO, -1L);
        LONG.setVolatile(raw, at + fromOffset, from);
        LONG.setVolatile(raw, at + fromOffset + 8, to);
    }

    @Test
    void aClaimWhoseProducerDiedBeforePublishingIsSkipped() throws Exception {
        deadParticipant(RingLayout.P_PUT_FROM, 0, 2);
        LONG.getAndAdd(raw, RingLayout.PUTS_OFFSET, 1L);
        assertTrue(LONG.compareAndSet(raw, RingLayout.TAIL_OFFSET, 0L, 2L), "the dead producer's claim");
        byte[] item = {1, 2, 3};
        assertTrue(ring.offer(item, 0, item.length, 0, false));
        MappedRing.Received r = ring.poll(TimeUnit.SECONDS.toNanos(20));
        assertNotNull(r, "the consumer stayed stuck behind the dead claim");
        assertArrayEquals(item, Arrays.copyOf(r.array(), r.length));
        assertEquals(0, ring.count(), "the dead put's item is no longer counted");
        assertTrue(ring.isEmpty());
    }

    @Test
    void aClaimWhoseProducerIsAliveIsWaitedFor() throws Exception {
        deadParticipant(RingLayout.P_PUT_FROM, 0, 1);
        LONG.setVolatile(raw, RingLayout.participant(RingLayout.PARTICIPANTS - 1) + RingLayout.P_PID,
                ProcessHandle.current().pid());
        assertTrue(LONG.compareAndSet(raw, RingLayout.TAIL_OFFSET, 0L, 1L));
        byte[] item = {1};
        assertTrue(ring.offer(item, 0, 1, 0, false));
        assertNull(ring.poll(TimeUnit.MILLISECONDS.toNanos(200)), "skipped a claim whose producer is alive");
    }

    @Test
    void slotsAConsumerDiedHoldingAreReleasedForProducers() throws Exception {
        byte[] item = {7};
        for (int i = 0; i < 4; i++) {
            assertTrue(ring.offer(new byte[] {(byte) i}, 0, 1, 0, false));
        }
        assertTrue(!ring.offer(item, 0, 1, 0, false), "four one-slot items fill a four-slot ring");
        deadParticipant(RingLayout.P_TAKE_FROM, 0, 1);
        assertTrue(LONG.compareAndSet(raw, RingLayout.HEAD_OFFSET, 0L, 1L), "the dead consumer's claim");
        assertTrue(ring.offer(item, 0, 1, TimeUnit.SECONDS.toNanos(20), false), "producer stuck behind the dead take");
        for (int expected : new int[] {1, 2, 3, 7}) {
            MappedRing.Received r = ring.poll(0);
            assertNotNull(r);
            assertEquals(expected, r.array()[0]);
        }
        assertEquals(0, ring.count());
    }
}
