package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ring file of another layout version is refused by name, not misread. */
class RingHeaderTest {
    private MappedRing ring;

    @BeforeEach
    void create() {
        ring = MappedRing.create(RuntimeDir.newPath("header-test-", ".ring"), 8, 6, 0);
    }

    @AfterEach
    void unlink() {
        ring.unlink();
    }

    @Test
    void aRingOfThePreviousLayoutVersionIsRefused() {
        assertEquals(3, RingLayout.VERSION, "PlainFormat items need layout version 3");
        MappedByteBuffer raw = MappedFiles.open(ring.path());
        raw.order(ByteOrder.nativeOrder());
        raw.putInt(RingLayout.VERSION_OFFSET, 2);
        MultiprocessingException e = assertThrows(MultiprocessingException.class, () -> MappedRing.open(ring.path()));
        assertEquals("queue file " + ring.path() + " has layout version 2, this library reads 3"
                + " (same library version on both sides?)", e.getMessage());
    }
}
