package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A ring written through one {@link MappedAccess} implementation reads the same through the other:
 * records of one and of several slots, across the end of the ring.
 */
class MappedRingAccessPathsTest {
    private MappedRing created;

    @BeforeEach
    void create() {
        created = MappedRing.create(RuntimeDir.newPath("paths-test-", ".ring"), 8, 6, 0);
    }

    @AfterEach
    void unlink() {
        created.unlink();
    }

    @ParameterizedTest(name = "put with unsafe={0}, take with unsafe={1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void recordsCrossTheRingsEndIntact(boolean putUnsafe, boolean takeUnsafe) throws Exception {
        assumeTrue(!(putUnsafe || takeUnsafe) || MappedAccess.UnsafeAccess.AVAILABLE,
                "no Unsafe path on JDK " + Runtime.version().feature());
        MappedRing producer = MappedRing.open(created.path(), putUnsafe);
        MappedRing consumer = MappedRing.open(created.path(), takeUnsafe);
        // 8 slots of 64 bytes: lengths of 1 to 3 slots, so records start at every slot and wrap around
        int[] lengths = {1, 56, 57, 100, 130, 0, 63, 150, 7, 120, 56, 64};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < lengths.length; i++) {
                byte[] item = new byte[lengths[i]];
                Arrays.fill(item, (byte) (i + 31 * round));
                assertTrue(producer.offer(item, 0, item.length, 0, false), "ring full at item " + i);
                MappedRing.Received r = consumer.poll(0);
                assertNotNull(r, "item " + i + " was not there");
                assertArrayEquals(item, Arrays.copyOf(r.array(), r.length), "item " + i + " of round " + round);
            }
        }
        assertNull(consumer.poll(0));
        assertEquals(0, consumer.count());
    }
}
