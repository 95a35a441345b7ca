package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both implementations of {@link MappedAccess} against one contract, and against each other. */
class MappedAccessTest {
    private static final int SIZE = 256;
    private Path file;
    private MappedByteBuffer buffer;

    /** The VarHandle path everywhere; the Unsafe path where this JVM offers it (before JDK 24). */
    static Stream<Arguments> implementations() {
        Stream<Arguments> handles = Stream.of(
                Arguments.of("varHandles", (Function<MappedByteBuffer, MappedAccess>) MappedAccess::varHandles));
        if (!MappedAccess.UnsafeAccess.AVAILABLE) {
            return handles;
        }
        return Stream.concat(Stream.of(
                Arguments.of("unsafe", (Function<MappedByteBuffer, MappedAccess>) MappedAccess::unsafe)), handles);
    }

    @BeforeEach
    void map() {
        file = RuntimeDir.newPath("access-test-", ".shm");
        buffer = MappedFiles.create(file, SIZE);
    }

    @AfterEach
    void unlink() throws Exception {
        Files.deleteIfExists(file);
    }

    @Test
    void unsafeIsChosenBeforeJdk24UnlessDisabledAndNeverFrom24() {
        // the suite runs without -Dmp4j.unsafe=false; QueueAccessFallbackAcrossJvmsTest covers the switch
        int jdk = Runtime.version().feature();
        if (jdk < 24) {
            assertTrue(MappedAccess.UNSAFE, "Unsafe should be usable on JDK " + jdk);
            assertTrue(MappedAccess.of(buffer) instanceof MappedAccess.UnsafeAccess);
        } else { // its memory methods warn from JDK 24 (JEP 498): the VarHandle path, and no warning
            assertFalse(MappedAccess.UnsafeAccess.AVAILABLE, "Unsafe must not be used on JDK " + jdk);
            assertFalse(MappedAccess.UNSAFE);
            assertTrue(MappedAccess.of(buffer) instanceof MappedAccess.VarHandleAccess);
            assertThrows(UnsupportedOperationException.class, () -> MappedAccess.unsafe(buffer));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void longsAreReadAsWrittenWithEveryOrdering(String name, Function<MappedByteBuffer, MappedAccess> make) {
        MappedAccess m = make.apply(buffer);
        m.setLongRelease(0, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, m.getLongAcquire(0));
        m.setLongOpaque(8, -5L);
        assertEquals(-5L, m.getLongOpaque(8));
        assertEquals(-5L, m.getLongVolatile(8));
        assertEquals(0L, m.getLongVolatile(SIZE - 8), "the last long of the mapping");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void readModifyWritesReturnWhatTheySaw(String name, Function<MappedByteBuffer, MappedAccess> make) {
        MappedAccess m = make.apply(buffer);
        assertTrue(m.compareAndSetLong(16, 0L, 7L));
        assertFalse(m.compareAndSetLong(16, 0L, 9L), "a stale expected value");
        assertEquals(7L, m.getLongVolatile(16));
        assertEquals(7L, m.getAndAddLong(16, 3L));
        assertEquals(10L, m.getAndAddLong(16, -10L));
        assertEquals(0L, m.getLongVolatile(16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void intsAndCopiesRoundTrip(String name, Function<MappedByteBuffer, MappedAccess> make) {
        MappedAccess m = make.apply(buffer);
        m.putInt(SIZE - 4, -123456789);
        assertEquals(-123456789, m.getInt(SIZE - 4));
        assertEquals(-123456789, m.getIntVolatile(SIZE - 4));
        byte[] src = {9, 8, 7, 6, 5, 4, 3};
        m.copyIn(33, src, 1, 5);
        byte[] dst = new byte[7];
        m.copyOut(33, dst, 2, 5);
        assertArrayEquals(new byte[] {0, 0, 8, 7, 6, 5, 4}, dst);
        m.copyIn(SIZE - 3, src, 0, 3);
        m.copyOut(SIZE - 3, dst, 0, 3);
        assertArrayEquals(new byte[] {9, 8, 7}, java.util.Arrays.copyOf(dst, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void copiesOfEverySizeAroundTheWordPathKeepTheirNeighbours(String name,
            Function<MappedByteBuffer, MappedAccess> make) {
        MappedAccess m = make.apply(buffer);
        for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 130}) {
            for (int offset : new int[] {0, 3, 8, 61}) {
                byte[] src = new byte[length + 4];
                for (int i = 0; i < src.length; i++) {
                    src[i] = (byte) (i * 7 + length + offset + 1);
                }
                byte[] fence = new byte[SIZE];
                java.util.Arrays.fill(fence, (byte) 0x5A);
                m.copyIn(0, fence, 0, SIZE);
                m.copyIn(offset, src, 3, length);
                byte[] whole = new byte[SIZE];
                m.copyOut(0, whole, 0, SIZE);
                for (int i = 0; i < SIZE; i++) {
                    byte expected = i >= offset && i < offset + length ? src[3 + i - offset] : 0x5A;
                    assertEquals(expected, whole[i], "byte " + i + " after copying " + length + " bytes in at " + offset);
                }
                byte[] dst = new byte[length + 5];
                java.util.Arrays.fill(dst, (byte) -1);
                m.copyOut(offset, dst, 2, length);
                for (int i = 0; i < dst.length; i++) {
                    byte expected = i >= 2 && i < 2 + length ? src[3 + i - 2] : -1;
                    assertEquals(expected, dst[i], "array byte " + i + " after copying " + length + " bytes out of " + offset);
                }
            }
        }
    }

    @Test
    void bothImplementationsSeeTheSameBytes() {
        assumeTrue(MappedAccess.UnsafeAccess.AVAILABLE, "no Unsafe path on JDK " + Runtime.version().feature());
        MappedAccess unsafe = MappedAccess.unsafe(buffer);
        MappedAccess handles = MappedAccess.varHandles(buffer);
        unsafe.setLongRelease(24, 0x1122334455667788L);
        unsafe.putInt(32, 0xCAFEBABE);
        assertEquals(0x1122334455667788L, handles.getLongAcquire(24));
        assertEquals(0xCAFEBABE, handles.getInt(32));
        handles.copyIn(40, new byte[] {1, 2, 3}, 0, 3);
        byte[] out = new byte[3];
        unsafe.copyOut(40, out, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void accessesOutsideTheMappingOrMisalignedAreRefused(String name, Function<MappedByteBuffer, MappedAccess> make) {
        MappedAccess m = make.apply(buffer);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.getLongVolatile(SIZE));
        assertEquals("8-byte access at 256 of a 256-byte mapping (must be 8-aligned and inside it)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.getLongAcquire(-8));
        assertThrows(IndexOutOfBoundsException.class, () -> m.compareAndSetLong(4, 0L, 1L));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getAndAddLong(Integer.MAX_VALUE - 7, 1L));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setLongRelease(SIZE - 4, 1L));
        assertThrows(IndexOutOfBoundsException.class, () -> m.putInt(SIZE - 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getInt(-4));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getIntVolatile(2));
        IndexOutOfBoundsException c = assertThrows(IndexOutOfBoundsException.class,
                () -> m.copyOut(SIZE - 2, new byte[8], 0, 3));
        assertEquals("copy of 3 bytes at 254 of a 256-byte mapping and at 0 of a 8-byte array", c.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.copyIn(0, new byte[4], 2, 3), "past the array");
        assertThrows(IndexOutOfBoundsException.class, () -> m.copyIn(0, new byte[4], 0, -1), "negative length");
        assertThrows(IndexOutOfBoundsException.class, () -> m.copyOut(Integer.MIN_VALUE, new byte[4], 0, 1));
    }
}
