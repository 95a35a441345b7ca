package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Map chunks and their results: every element type back as itself, in memory or streamed, and corrupt input refused. */
class ObjectArraySerializerTest {
    private static final Random RANDOM = new Random(11);

    /** As the codec's, which keeps references. */
    private static Kryo kryo() {
        return kryo(true);
    }

    /** Without references, so that hand-made bytes start with the array itself. */
    private static Kryo kryo(boolean references) {
        Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.setReferences(references);
        k.register(Object[].class, new ObjectArraySerializer());
        return k;
    }

    private static Object[] ints(int n) {
        Object[] a = new Object[n];
        for (int i = 0; i < n; i++) {
            a[i] = RANDOM.nextInt();
        }
        a[0] = Integer.MIN_VALUE;
        a[n - 1] = Integer.MAX_VALUE;
        return a;
    }

    private static Object[] samples() {
        Object[] longs = new Object[5000];
        Object[] doubles = new Object[5001];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = RANDOM.nextLong();
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = RANDOM.nextDouble();
        }
        doubles[1] = Double.longBitsToDouble(0x7ff8_0000_0000_abcdL); // a NaN with a payload
        doubles[2] = -0.0;
        doubles[3] = Double.POSITIVE_INFINITY;
        return new Object[][] {
                ints(25_000), ints(1), longs, doubles,
                {7L, Long.MIN_VALUE, Long.MAX_VALUE},                                          // few: element by element
                {0.5, -0.0, Double.longBitsToDouble(0x7ff8_0000_0000_0001L), Double.NaN},
                {"a", "", "ünïcødé"},
                {1, 2L, 3.0, "four", null}, // mixed: each element with its class
                {1, 2, null, 4},            // a null among ints
                {1L, 2},                    // starts like longs, is not
                {},
        };
    }

    @Test
    void everyElementComesBackAsItselfFromMemoryAndFromAStream() {
        Kryo kryo = kryo();
        for (Object s : samples()) {
            Object[] sample = (Object[]) s;
            Output memory = new Output(16, -1); // small: the bulk path has to grow it
            kryo.writeClassAndObject(memory, sample);
            kryo.reset();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            Output streamed = new Output(sink, 64);
            kryo.writeClassAndObject(streamed, sample);
            streamed.flush();
            kryo.reset();
            byte[] bytes = memory.toBytes();
            assertArrayEquals(bytes, sink.toByteArray(), "the same bytes either way, " + sample.length + " elements");

            assertSameElements(sample, (Object[]) kryo.readClassAndObject(new Input(bytes)));
            kryo.reset();
            assertSameElements(sample, (Object[]) kryo.readClassAndObject(new Input(new ByteArrayInputStream(bytes), 32)));
            kryo.reset();
        }
    }

    private static void assertSameElements(Object[] expected, Object[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            Object e = expected[i];
            Object a = actual[i];
            if (e == null) {
                assertEquals(null, a, "element " + i);
                continue;
            }
            assertEquals(e.getClass(), a.getClass(), "element " + i);
            if (e instanceof Double d) {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) a), "bits of element " + i);
            } else {
                assertEquals(e, a, "element " + i);
            }
        }
    }

    @Test
    void numbersTravelAsFixedWidthValuesNotOneCallPerElement() {
        Output out = new Output(64, -1);
        kryo(false).writeObject(out, ints(1000));
        // 2 bytes of length, 1 tag byte, 4 bytes per int: the bulk layout, not varints
        assertEquals(2 + 1 + 4 * 1000, out.position());
        Output few = new Output(64, -1);
        kryo(false).writeObject(few, new Object[] {1, 2, 3});
        assertEquals(1 + 1 + 4 * 3, few.position(), "a few ints have the same layout");
    }

    @Test
    void aLengthLongerThanTheInputIsRefusedBeforeAnythingThatSizeIsAllocated() {
        Output out = new Output(64, -1);
        out.writeVarInt((1 << 30) + 1, true); // a billion elements...
        out.writeByte(1);                      // ...of ints...
        out.writeInt(42);                      // ...and four bytes of them
        KryoException e = assertThrows(KryoException.class, () -> kryo(false).readObject(new Input(out.toBytes()), Object[].class));
        assertTrue(e.getMessage().contains("corrupt Object[]"), e.getMessage());
    }

    @Test
    void aTruncatedRunOfNumbersIsRefused() {
        Output out = new Output(64, -1);
        out.writeVarInt(1000 + 1, true); // a thousand elements...
        out.writeByte(2);                 // ...of longs (8 bytes each)...
        out.writeBytes(new byte[1000]);   // ...in a thousand bytes
        KryoException e = assertThrows(KryoException.class, () -> kryo(false).readObject(new Input(out.toBytes()), Object[].class));
        assertTrue(e.getMessage().contains("corrupt Object[]"), e.getMessage());
    }

    @Test
    void anUnknownElementTagIsRefused() {
        Output out = new Output(64, -1);
        out.writeVarInt(2, true);
        out.writeByte(9);
        out.writeByte(0);
        KryoException e = assertThrows(KryoException.class, () -> kryo(false).readObject(new Input(out.toBytes()), Object[].class));
        assertTrue(e.getMessage().contains("element tag 9"), e.getMessage());
    }
}
