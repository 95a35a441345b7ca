package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bulk primitive arrays: same bytes whether written to memory or to a stream, and read back either way. */
class PrimitiveArraySerializersTest {
    private static Kryo kryo() {
        Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        PrimitiveArraySerializers.register(k);
        return k;
    }

    private static final Random RANDOM = new Random(7);

    private static Object[] samples() {
        int[] ints = RANDOM.ints(100_003).toArray();
        long[] longs = RANDOM.longs(70_001).toArray();
        double[] doubles = RANDOM.doubles(123_457).toArray();
        doubles[5] = Double.longBitsToDouble(0x7ff8_0000_0000_1234L); // a NaN with a payload
        doubles[6] = -0.0;
        doubles[7] = Double.NEGATIVE_INFINITY;
        return new Object[] {ints, longs, doubles, new int[0], new long[0], new double[0], new int[] {Integer.MIN_VALUE}};
    }

    @Test
    void inMemoryAndStreamedEncodingsAreTheSameBytesAndReadBackEitherWay() {
        Kryo kryo = kryo();
        for (Object sample : samples()) {
            Output memory = new Output(16, -1); // small: the bulk path has to grow it
            kryo.writeObject(memory, sample);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            Output streamed = new Output(sink, 64);
            kryo.writeObject(streamed, sample);
            streamed.flush();
            byte[] bytes = memory.toBytes();
            assertArrayEquals(bytes, sink.toByteArray(), sample.getClass().getSimpleName());

            Object fromMemory = kryo.readObject(new Input(bytes), sample.getClass());
            Object fromStream = kryo.readObject(new Input(new ByteArrayInputStream(bytes), 32), sample.getClass());
            assertSame(sample, fromMemory);
            assertSame(sample, fromStream);
        }
    }

    private static void assertSame(Object expected, Object actual) {
        if (expected instanceof double[] d) { // exact bits, NaN payload included
            double[] a = (double[]) actual;
            assertEquals(d.length, a.length);
            for (int i = 0; i < d.length; i++) {
                assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(a[i]), "element " + i);
            }
        } else {
            assertEquals(expected.getClass(), actual.getClass());
            assertEquals(true, Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}), "same elements");
        }
    }

    @Test
    void nullArraysAndArraysInsideGraphsTravelThroughTheCodec() {
        Object[] graph = {new int[] {1, 2, 3}, null, new double[] {1.5}, new long[] {Long.MAX_VALUE}, List.of(new int[] {9})};
        Object[] back = (Object[]) Codec.local().roundTrip(graph);
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) back[0]);
        assertNull(back[1]);
        assertArrayEquals(new double[] {1.5}, (double[]) back[2]);
        assertArrayEquals(new long[] {Long.MAX_VALUE}, (long[]) back[3]);
        assertArrayEquals(new int[] {9}, (int[]) ((List<?>) back[4]).get(0));
        Output out = new Output(16, -1);
        kryo().writeObjectOrNull(out, null, double[].class);
        assertNull(kryo().readObjectOrNull(new Input(out.toBytes()), double[].class));
    }

    @Test
    void aLengthLongerThanWhatIsLeftIsACorruptFrameNotAHugeAllocation() {
        Output out = new Output(16, -1);
        out.writeVarInt(Integer.MAX_VALUE, true); // claims ~2^31 elements
        out.writeLong(1);
        KryoException e = assertThrows(KryoException.class,
                () -> kryo().readObject(new Input(out.toBytes()), long[].class));
        assertEquals(true, e.getMessage().contains("corrupt array length"), e.getMessage());
    }
}
