package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * {@code Object[]}, the shape of every map chunk and its results, with a fast path for arrays whose
 * elements are all {@code Integer}, {@code Long}, {@code Double} or {@code String}: one tag, then the
 * values in a tight loop.
 *
 * <p>Why: a pool's first {@code map} runs in JVMs whose JIT has not warmed up yet, and Kryo's generic
 * path costs several interpreted calls per element; a single loop is compiled on the spot (OSR). For
 * mixed arrays, each element is written with its class as Kryo does.
 *
 * <pre>
 *   varint (length + 1) | byte tag | elements
 *   tag 0: writeClassAndObject each | 1: zigzag varint each | 2: zigzag varlong each
 *   tag 3: 8-byte double each       | 4: string each
 * </pre>
 */
final class ObjectArraySerializer extends Serializer<Object[]> {
    private static final int GENERIC = 0;
    private static final int INTS = 1;
    private static final int LONGS = 2;
    private static final int DOUBLES = 3;
    private static final int STRINGS = 4;

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
        int tag = tagOf(a);
        out.writeByte(tag);
        switch (tag) {
            case INTS -> {
                for (Object o : a) {
                    out.writeVarInt((Integer) o, false);
                }
            }
            case LONGS -> {
                for (Object o : a) {
                    out.writeVarLong((Long) o, false);
                }
            }
            case DOUBLES -> {
                for (Object o : a) {
                    out.writeDouble((Double) o);
                }
            }
            case STRINGS -> {
                for (Object o : a) {
                    out.writeString((String) o);
                }
            }
            default -> {
                for (Object o : a) {
                    kryo.writeClassAndObject(out, o);
                }
            }
        }
    }

    @Override
    public Object[] read(Kryo kryo, Input in, Class<? extends Object[]> type) {
        int n = in.readVarInt(true);
        if (n == 0) {
            return null;
        }
        Object[] a = new Object[n - 1];
        kryo.reference(a);
        readElements(kryo, in, a);
        return a;
    }

    static void readElements(Kryo kryo, Input in, Object[] a) {
        int tag = in.readByte();
        switch (tag) {
            case INTS -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readVarInt(false);
                }
            }
            case LONGS -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readVarLong(false);
                }
            }
            case DOUBLES -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
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

    private static int tagOf(Object[] a) {
        if (a.length == 0 || a[0] == null) {
            return GENERIC;
        }
        Class<?> c = a[0].getClass();
        int tag = c == Integer.class ? INTS : c == Long.class ? LONGS : c == Double.class ? DOUBLES
                : c == String.class ? STRINGS : GENERIC;
        if (tag == GENERIC) {
            return GENERIC;
        }
        for (Object o : a) {
            if (o == null || o.getClass() != c) {
                return GENERIC;
            }
        }
        return tag;
    }

    @Override
    public Object[] copy(Kryo kryo, Object[] original) {
        return original.clone();
    }
}
