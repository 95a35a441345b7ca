package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.Codec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Values and arrays: the API in one JVM, and the codec round trip mapping the same memory. */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
class SharedValuesTest {
    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void longsHaveTheAtomicOperationsOfAtomicLong() {
        SharedLong v = Ipc.value(5L);
        assertEquals(5, v.get());
        assertEquals(5, v.getAndAdd(2));
        assertEquals(10, v.addAndGet(3));
        assertEquals(11, v.incrementAndGet());
        assertEquals(11, v.getAndIncrement());
        assertEquals(11, v.decrementAndGet());
        assertTrue(v.compareAndSet(11, 20));
        assertFalse(v.compareAndSet(11, 30));
        assertEquals(20, v.getAndSet(1));
        v.set(-7);
        assertEquals("-7", v.toString());
        assertTrue(v.hasLock());
    }

    @Test
    void intsAndDoublesToo() {
        SharedInt i = Ipc.value(1);
        assertEquals(3, i.addAndGet(2));
        assertEquals(4, i.incrementAndGet());
        SharedDouble d = Ipc.value(0.0);
        d.set(3.1415927);
        assertEquals("3.1415927", d.toString());
        assertEquals(3.1415927, d.getAndAdd(1.0));
        assertEquals(5.1415927, d.addAndGet(1.0), 1e-12);
        assertTrue(d.compareAndSet(d.get(), -0.0));
        assertFalse(d.compareAndSet(0.0, 1.0), "compareAndSet compares bit patterns: -0.0 is not 0.0");
    }

    @Test
    void rawValuesHaveNoLock() {
        SharedLong raw = Ipc.rawValue(0L);
        assertFalse(raw.hasLock());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, raw::getLock);
        assertEquals("a raw value has no lock (made by Ipc.rawValue); use Ipc.value for one with getLock()", e.getMessage());
        UnsupportedOperationException a = assertThrows(UnsupportedOperationException.class, () -> Ipc.rawIntArray(2).getLock());
        assertEquals("a raw array has no lock (made by Ipc.rawArray); use Ipc.array for one with getLock()", a.getMessage());
    }

    @Test
    void arraysCopyInAndOutAndCheckIndices() {
        SharedIntArray a = Ipc.array(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals(10, a.length());
        for (int i = 0; i < a.length(); i++) {
            a.set(i, -a.get(i));
        }
        assertEquals("[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]", a.toString());
        a.copyFrom(new int[] {100, 101}, 8);
        assertArrayEquals(new int[] {0, -1, -2, -3, -4, -5, -6, -7, 100, 101}, a.toArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(10));
        assertEquals("Index 10 out of bounds for length 10", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyFrom(new int[3], 8));
        assertEquals(101, a.getAndAdd(9, 1));
        assertTrue(a.compareAndSet(9, 102, 0));

        SharedLongArray l = Ipc.longArray(3);
        assertArrayEquals(new long[3], l.toArray());
        assertEquals(1, l.incrementAndGet(2));
        SharedDoubleArray d = Ipc.rawArray(new double[] {0.5, 1.5});
        assertEquals(2.0, d.addAndGet(1, 0.5));
        assertEquals("[0.5, 2.0]", d.toString());
        assertEquals(0, Ipc.rawDoubleArray(0).length());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Ipc.intArray(-1));
        assertEquals("array length < 0: -1", neg.getMessage());
    }

    @Test
    void theCodecRoundTripMapsTheSameMemory() {
        SharedIntArray a = Ipc.intArray(4);
        SharedLong v = Ipc.value(0L);
        Object[] pair = (Object[]) Codec.local().roundTrip(new Object[] {a, v});
        SharedIntArray a2 = (SharedIntArray) pair[0];
        SharedLong v2 = (SharedLong) pair[1];
        assertNotSame(a, a2);
        a2.set(3, 9);
        v2.incrementAndGet();
        assertEquals(9, a.get(3));
        assertEquals(1, v.get());
        try (Held h = v2.getLock().hold()) {
            assertTrue(v.getLock().isHeldByCurrentThread(), "the copy's lock is the same lock");
        }
    }
}
