package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ring file whose records were overwritten by something else: a take fails with a message naming the
 * file, and never spins forever, allocates what a record claims, or touches a file outside the queue.
 */
class RingCorruptionTest {
    private MappedRing ring;
    private MappedByteBuffer raw;

    @BeforeEach
    void create() {
        ring = MappedRing.create(RuntimeDir.newPath("corrupt-test-", ".ring"), 8, 6, 0);
        raw = MappedFiles.open(ring.path());
        raw.order(ByteOrder.nativeOrder());
    }

    @AfterEach
    void unlink() {
        ring.unlink();
    }

    @Test
    void aPublishedRecordWithAnImpossibleLengthFailsInsteadOfSpinning() throws Exception {
        assertTrue(ring.offer(new byte[] {1, 2, 3}, 0, 3, -1, false));
        raw.putInt(ring.dataIndex(0), Integer.MAX_VALUE); // the record's length field
        MultiprocessingException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(MultiprocessingException.class, () -> ring.poll(0)));
        assertTrue(e.getMessage().startsWith("queue file " + ring.path() + " is corrupt: its next record says it holds "
                + Integer.MAX_VALUE + " bytes"), e.getMessage());
    }

    @Test
    void aSpillReferenceOutsideTheQueueIsRefusedAndNothingIsDeleted() throws Exception {
        byte[] big = new byte[ring.inlineMax() + 1];
        assertTrue(ring.offer(big, 0, big.length, -1, false));
        Path spilled;
        try (Stream<Path> files = Files.list(ring.path().getParent())) {
            spilled = files.filter(p -> p.getFileName().toString().endsWith(".spill")).findFirst().orElseThrow();
        }
        int name = ring.dataIndex(0) + 8 + 8; // record header, then the reference's size
        byte[] dots = "../".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < dots.length; i++) {
            raw.put(name + i, dots[i]);
        }
        MultiprocessingException e = assertThrows(MultiprocessingException.class, () -> ring.poll(0));
        assertTrue(e.getMessage().contains("is not a spill file of this queue"), e.getMessage());
        assertTrue(e.getMessage().startsWith("queue file " + ring.path() + " is corrupt"), e.getMessage());
        assertTrue(Files.exists(spilled), "a rejected reference must not delete anything");
    }

    @Test
    void aSpillReferenceWithAWrongSizeIsRefusedBeforeAllocating() throws Exception {
        byte[] big = new byte[ring.inlineMax() + 1];
        assertTrue(ring.offer(big, 0, big.length, -1, false));
        int size = ring.dataIndex(0) + 8;
        raw.order(ByteOrder.BIG_ENDIAN).putLong(size, Integer.MAX_VALUE - 8L); // the reference is big-endian
        MultiprocessingException e = assertThrows(MultiprocessingException.class, () -> ring.poll(0));
        assertEquals("spill file", e.getMessage().substring(0, "spill file".length()), e.getMessage());
        assertTrue(e.getMessage().contains("holds " + big.length + " bytes, its record says " + (Integer.MAX_VALUE - 8L)),
                e.getMessage());
    }
}
