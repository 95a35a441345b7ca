package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;

/**
 * {@code Object[]}, the shape of every map chunk and its results, with a fast path for arrays whose
 * elements are all {@code Integer}, {@code Long}, {@code Double} or {@code String}: one tag, then the
 * values in a tight loop.
 *
 * <p>Why: a pool's first {@code map} runs in JVMs whose JIT has not warmed up yet (the parent's
 * encoding and decoding code included), and Kryo's per-element calls cost hundreds of nanoseconds each
 * in the interpreter: 200,000 integers took ~85 ms to encode cold and 2 ms warm. So numbers are unboxed
 * into a primitive array in one small loop and copied in bulk through a little-endian view (fewer than
 * {@link #BULK_MIN}, one by one in the same layout), and read back the same way; boxing is the only
 * per-element call left. For mixed arrays, each element is
 * written with its class as Kryo does.
 *
 * <pre>
 *   varint (length + 1) | byte tag | elements
 *   tag 0: writeClassAndObject each | 1: 4-byte little-endian int each | 2: 8-byte long each
 *   tag 3: a double's exact 8 bits each (NaN payloads kept) | 4: string each
 * </pre>
 *
 * A length is refused before anything is allocated if the input cannot hold that many elements.
 */
final class ObjectArraySerializer extends Serializer<Object[]> {
    private static final int GENERIC = 0;
    private static final int INTS = 1;
    private static final int LONGS = 2;
    private static final int DOUBLES = 3;
    private static final int STRINGS = 4;
    /** Fewer numbers than this are written and read one by one: a bulk view costs more to set up. */
    private static final int BULK_MIN = 32;

    ObjectArraySerializer() {
        setAcceptsNull(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Object[] a) {
        if (a == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(a.length + 1, true);
        writeElements(kryo, out, a);
    }

    static void writeElements(Kryo kryo, Output out, Object[] a) {
        Object first = a.length == 0 ? null : a[0];
        if (first instanceof Integer) {
            int[] v = unboxInts(a);
            if (v != null) {
                out.writeByte(INTS);
                ByteBuffer view = v.length < BULK_MIN ? null : PrimitiveArraySerializers.reserve(out, v.length * 4);
                if (view != null) {
                    view.asIntBuffer().put(v);
                } else {
                    for (int x : v) {
                        out.writeInt(x);
                    }
                }
                return;
            }
        } else if (first instanceof Long) {
            long[] v = unboxLongs(a);
            if (v != null) {
                out.writeByte(LONGS);
                writeLongs(out, v);
                return;
            }
        } else if (first instanceof Double) {
            long[] v = doubleBits(a);
            if (v != null) {
                out.writeByte(DOUBLES);
                writeLongs(out, v);
                return;
            }
        } else if (first instanceof String && allStrings(a)) {
            out.writeByte(STRINGS);
            for (Object o : a) {
                out.writeString((String) o);
            }
            return;
        }
        out.writeByte(GENERIC);
        for (Object o : a) {
            kryo.writeClassAndObject(out, o);
        }
    }

    @Override
    public Object[] read(Kryo kryo, Input in, Class<? extends Object[]> type) {
        int n = in.readVarInt(true);
        if (n == 0) {
            return null;
        }
        Object[] a = new Object[checkedLength(in, n - 1)];
        kryo.reference(a);
        readElements(kryo, in, a);
        return a;
    }

    /**
     * A decoded element count, refused before anything that size is allocated if it is negative or if
     * the input holds fewer bytes than that many elements need (each takes at least one).
     */
    static int checkedLength(Input in, int n) {
        if (n < 0 || (in.getInputStream() == null && n > in.limit() - in.position())) {
            throw new com.esotericsoftware.kryo.KryoException("corrupt Object[]: length " + n + " with "
                    + (in.limit() - in.position()) + " bytes left");
        }
        return n;
    }

    static void readElements(Kryo kryo, Input in, Object[] a) {
        int tag = in.readByte();
        switch (tag) {
            case INTS -> {
                int[] v = new int[a.length];
                ByteBuffer view = view(in, a.length, 4);
                if (view != null) {
                    view.asIntBuffer().get(v);
                } else {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readInt();
                    }
                }
                for (int i = 0; i < a.length; i++) {
                    a[i] = v[i];
                }
            }
            case LONGS -> {
                long[] v = readLongs(in, a.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = v[i];
                }
            }
            case DOUBLES -> {
                long[] v = readLongs(in, a.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(v[i]);
                }
            }
            case STRINGS -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readString();
                }
            }
            case GENERIC -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = kryo.readClassAndObject(in);
                }
            }
            default -> throw new com.esotericsoftware.kryo.KryoException("corrupt Object[]: element tag " + tag);
        }
    }

    /**
     * The next {@code n * size} bytes as a little-endian view; refused if short. Null for a streaming
     * input, and for a few elements, which a plain loop reads for less than a view costs to set up (a
     * map with chunksize 1 sends one-element arrays both ways for every task).
     */
    private static ByteBuffer view(Input in, int n, int size) {
        long bytes = (long) n * size;
        if (in.getInputStream() != null || n < BULK_MIN) {
            return null;
        }
        if (bytes > in.limit() - in.position()) {
            throw new com.esotericsoftware.kryo.KryoException("corrupt Object[]: " + n + " elements of " + size
                    + " bytes with " + (in.limit() - in.position()) + " bytes left");
        }
        return PrimitiveArraySerializers.take(in, (int) bytes);
    }

    private static long[] readLongs(Input in, int n) {
        long[] v = new long[n];
        ByteBuffer view = view(in, n, 8);
        if (view != null) {
            view.asLongBuffer().get(v);
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = in.readLong();
            }
        }
        return v;
    }

    private static void writeLongs(Output out, long[] v) {
        ByteBuffer view = v.length < BULK_MIN || v.length > (Integer.MAX_VALUE >> 3) ? null
                : PrimitiveArraySerializers.reserve(out, v.length * 8);
        if (view != null) {
            view.asLongBuffer().put(v);
        } else {
            for (long x : v) {
                out.writeLong(x);
            }
        }
    }

    /** The values if every element is an {@code Integer}, else null. */
    private static int[] unboxInts(Object[] a) {
        if (a.length > (Integer.MAX_VALUE >> 2)) {
            return null;
        }
        int[] v = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Integer x)) {
                return null;
            }
            v[i] = x;
        }
        return v;
    }

    private static long[] unboxLongs(Object[] a) {
        long[] v = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Long x)) {
                return null;
            }
            v[i] = x;
        }
        return v;
    }

    /** The exact bits of every element if all are {@code Double} (a NaN payload kept), else null. */
    private static long[] doubleBits(Object[] a) {
        long[] v = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Double x)) {
                return null;
            }
            v[i] = Double.doubleToRawLongBits(x);
        }
        return v;
    }

    private static boolean allStrings(Object[] a) {
        for (Object o : a) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object[] copy(Kryo kryo, Object[] original) {
        return original.clone();
    }
}
