package io.github.multiprocessing4j.ipc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.EncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainFormatTest {

    private static byte[] encode(Object v) {
        Output out = new Output(16, -1);
        PlainFormat.write(out, v);
        return out.toBytes();
    }

    private static Object decode(byte[] b) {
        return PlainFormat.read(new Input(b));
    }

    private static Object roundTrip(Object v, int expectedTag) {
        byte[] b = encode(v);
        assertEquals(expectedTag, b[0], "tag of " + v);
        return decode(b);
    }

    @Test
    void scalarsRoundTripUnderTheirOwnTag() {
        for (int i : new int[] {0, 1, -1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(i, roundTrip(i, PlainFormat.INT));
        }
        for (long l : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
            assertEquals(l, roundTrip(l, PlainFormat.LONG));
        }
        for (double d : new double[] {0.0, -0.0, 1.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            assertEquals(Double.doubleToRawLongBits(d),
                    Double.doubleToRawLongBits((Double) roundTrip(d, PlainFormat.DOUBLE)));
        }
        assertSame(Boolean.TRUE, roundTrip(true, PlainFormat.TRUE));
        assertSame(Boolean.FALSE, roundTrip(false, PlainFormat.FALSE));
        assertEquals(null, roundTrip(null, PlainFormat.NULL));
    }

    @Test
    void stringsKeepEveryCharacter() {
        String long1 = "x".repeat(10_000);
        for (String s : new String[] {"", "x", "héllo", "日本語", "a\u0000b", "emoji \uD83D\uDE00 and \uD834\uDD1E",
                "\uD800 lone surrogate", long1}) {
            assertEquals(s, roundTrip(s, PlainFormat.STRING));
        }
    }

    @Test
    void byteArraysRoundTrip() {
        assertArrayEquals(new byte[0], (byte[]) roundTrip(new byte[0], PlainFormat.BYTES));
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) -7);
        assertArrayEquals(big, (byte[]) roundTrip(big, PlainFormat.BYTES));
    }

    @Test
    void flatArraysAndArrayListsOfScalarsArePlain() {
        Object[] a = {1, "x", null, 2L, 3.5, true, false, new byte[] {1, 2}, ""};
        Object[] back = (Object[]) roundTrip(a, PlainFormat.ARRAY);
        assertEquals(Object[].class, back.getClass());
        assertEquals(Arrays.asList(a).subList(0, 7), Arrays.asList(back).subList(0, 7));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) back[7]);
        assertEquals("", back[8]);
        assertArrayEquals(new Object[0], (Object[]) roundTrip(new Object[0], PlainFormat.ARRAY));

        ArrayList<Object> l = new ArrayList<>(List.of(1, "y", 4L));
        l.add(null);
        Object listBack = roundTrip(l, PlainFormat.LIST);
        assertEquals(ArrayList.class, listBack.getClass());
        assertEquals(l, listBack);
        assertEquals(new ArrayList<>(), roundTrip(new ArrayList<>(), PlainFormat.LIST));
    }

    @Test
    void everythingElseGoesThroughKryoAndComesBackEqual() {
        Object[] nested = {1, new Object[] {2, "z"}};
        Object[] nestedBack = (Object[]) roundTrip(nested, PlainFormat.KRYO);
        assertEquals(1, nestedBack[0]);
        assertArrayEquals((Object[]) nested[1], (Object[]) nestedBack[1]);

        ArrayList<Object> listInList = new ArrayList<>(List.of(1));
        listInList.add(new ArrayList<>(List.of(2)));
        assertEquals(listInList, roundTrip(listInList, PlainFormat.KRYO));

        assertEquals(List.of(1, 2), roundTrip(List.of(1, 2), PlainFormat.KRYO));
        assertArrayEquals(new String[] {"a"}, (String[]) roundTrip(new String[] {"a"}, PlainFormat.KRYO));
        assertEquals(Map.of("k", 1), roundTrip(Map.of("k", 1), PlainFormat.KRYO));
        assertEquals((short) 3, roundTrip((short) 3, PlainFormat.KRYO));
        assertEquals('c', roundTrip('c', PlainFormat.KRYO));
        assertArrayEquals(new int[] {1, 2}, (int[]) roundTrip(new int[] {1, 2}, PlainFormat.KRYO));
    }

    @Test
    void aByteArrayTwiceInOneContainerKeepsItsIdentityThroughKryo() {
        byte[] shared = {5};
        Object[] back = (Object[]) roundTrip(new Object[] {shared, shared}, PlainFormat.KRYO);
        assertSame(back[0], back[1]);
        Object[] distinct = (Object[]) roundTrip(new Object[] {new byte[] {5}, new byte[] {5}}, PlainFormat.ARRAY);
        assertNotSame(distinct[0], distinct[1]);
        Object[] many = new Object[9];
        Arrays.setAll(many, i -> new byte[] {(byte) i});
        Object[] manyBack = (Object[]) roundTrip(many, PlainFormat.KRYO);
        assertArrayEquals((byte[]) many[8], (byte[]) manyBack[8]);
    }

    @Test
    void corruptBytesFailWithAnEncodingExceptionNamingTheProblem() {
        EncodingException tag = assertThrows(EncodingException.class, () -> decode(new byte[] {42}));
        assertEquals("a queue item has unknown element tag 42 (corrupt record, or another version of the library?)",
                tag.getMessage());
        EncodingException count = assertThrows(EncodingException.class,
                () -> decode(new byte[] {PlainFormat.ARRAY, 100, PlainFormat.NULL}));
        assertEquals("a queue item announces 100 elements with 1 bytes left (corrupt record?)", count.getMessage());
        EncodingException trailing = assertThrows(EncodingException.class,
                () -> decode(new byte[] {PlainFormat.TRUE, 0}));
        assertEquals("a queue item of 2 bytes ends after 1 (corrupt record?)", trailing.getMessage());
        EncodingException truncated = assertThrows(EncodingException.class,
                () -> decode(new byte[] {PlainFormat.DOUBLE, 1, 2}));
        assertTrue(truncated.getMessage().startsWith("cannot decode a queue item of 3 bytes: "), truncated.getMessage());
        assertThrows(EncodingException.class, () -> decode(new byte[] {PlainFormat.ARRAY, 1, PlainFormat.ARRAY, 0}),
                "a container inside a plain container is never written");
    }
}
