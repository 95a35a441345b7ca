package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.internal.Codec;
import java.util.ArrayList;

/**
 * How a queue item is encoded in its ring record: the common small types in a compact form of their
 * own, everything else with the {@link Codec} (Kryo). A queue of small tuples spent most of its time in
 * Kryo's per-object machinery (class lookup, the reference table, its reset); the plain form is a tag
 * byte and the value.
 *
 * <pre>
 *   item     = tag:byte value
 *   KRYO   0 | Codec bytes of the item (writeClassAndObject)
 *   NULL   1 |                          TRUE 2 |               FALSE 3 |
 *   INT    4 | zigzag varint            LONG 5 | zigzag varlong
 *   DOUBLE 6 | 8 bytes                  STRING 7 | Kryo writeString (never null)
 *   BYTES  8 | varint n, n bytes
 *   ARRAY  9 | varint n, n elements     (exactly Object[])
 *   LIST  10 | varint n, n elements     (exactly ArrayList)
 *   element = tag value, of tags 1..8
 * </pre>
 *
 * An item is plain only if it is one of the types above, a container holds only the scalars (tags 1..8,
 * no nested container), and no {@code byte[]} appears twice in one container (Kryo's references would
 * keep the two one array). Strings, numbers and booleans are immutable, so losing their identity inside
 * a container changes nothing a caller can rely on. Any other item, {@code String[]}, {@code List.of(..)}
 * or an {@code Object[]} holding an {@code Object[]} included, is encoded by Kryo behind tag {@code KRYO}.
 *
 * <p>Thread-safety: stateless; the caller's {@link Output} and {@link Input} belong to its thread.
 */
final class PlainFormat {
    static final int KRYO = 0;
    static final int NULL = 1;
    static final int TRUE = 2;
    static final int FALSE = 3;
    static final int INT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int STRING = 7;
    static final int BYTES = 8;
    static final int ARRAY = 9;
    static final int LIST = 10;
    /** A container with more {@code byte[]} elements than this goes to Kryo rather than be checked for aliases. */
    private static final int MAX_BYTE_ARRAYS = 8;

    private PlainFormat() {
    }

    /**
     * Appends {@code value} to {@code out}: the plain form if it has one, else tag {@code KRYO} and the
     * codec's encoding.
     *
     * @throws EncodingException if the codec cannot encode it; {@code out} then holds a partial item
     */
    static void write(Output out, Object value) {
        int start = out.position();
        if (!writePlain(out, value)) {
            out.setPosition(start);
            out.writeByte(KRYO);
            Codec.local().writeTo(out, value);
        }
    }

    /** Returns false, having written part of it, if {@code value} has no plain form. */
    private static boolean writePlain(Output out, Object value) {
        if (value == null) {
            out.writeByte(NULL);
            return true;
        }
        Class<?> c = value.getClass();
        if (c == Object[].class) {
            Object[] a = (Object[]) value;
            out.writeByte(ARRAY);
            out.writeVarInt(a.length, true);
            return writeElements(out, a, a.length);
        }
        if (c == ArrayList.class) {
            ArrayList<?> l = (ArrayList<?>) value;
            Object[] a = l.toArray();
            out.writeByte(LIST);
            out.writeVarInt(a.length, true);
            return writeElements(out, a, a.length);
        }
        return writeScalar(out, value, c);
    }

    private static boolean writeElements(Output out, Object[] a, int n) {
        int byteArrays = 0;
        for (int i = 0; i < n; i++) {
            Object e = a[i];
            if (e == null) {
                out.writeByte(NULL);
                continue;
            }
            Class<?> c = e.getClass();
            if (c == byte[].class && (++byteArrays > MAX_BYTE_ARRAYS || aliased(a, i))) {
                return false;
            }
            if (!writeScalar(out, e, c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean aliased(Object[] a, int i) {
        for (int j = 0; j < i; j++) {
            if (a[j] == a[i]) {
                return true;
            }
        }
        return false;
    }

    private static boolean writeScalar(Output out, Object v, Class<?> c) {
        if (c == Integer.class) {
            out.writeByte(INT);
            out.writeVarInt((Integer) v, false);
        } else if (c == String.class) {
            out.writeByte(STRING);
            out.writeString((String) v);
        } else if (c == Long.class) {
            out.writeByte(LONG);
            out.writeVarLong((Long) v, false);
        } else if (c == Double.class) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) v);
        } else if (c == Boolean.class) {
            out.writeByte((Boolean) v ? TRUE : FALSE);
        } else if (c == byte[].class) {
            byte[] b = (byte[]) v;
            out.writeByte(BYTES);
            out.writeVarInt(b.length, true);
            out.writeBytes(b);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Decodes one item written by {@link #write}, which must fill {@code in} exactly.
     *
     * @throws EncodingException if the bytes are not one well-formed item
     */
    static Object read(Input in) {
        int length = in.limit() - in.position();
        Object v;
        try {
            int tag = in.readByte();
            if (tag == KRYO) {
                return Codec.local().readFrom(in);
            }
            if (tag == ARRAY) {
                Object[] a = new Object[readCount(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = readScalar(in, in.readByte());
                }
                v = a;
            } else if (tag == LIST) {
                int n = readCount(in);
                ArrayList<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readScalar(in, in.readByte()));
                }
                v = l;
            } else {
                v = readScalar(in, tag);
            }
        } catch (KryoException e) {
            throw new EncodingException("cannot decode a queue item of " + length + " bytes: " + e.getMessage(), e);
        }
        if (in.position() != in.limit()) {
            throw corrupt("a queue item of " + length + " bytes ends after " + (length - (in.limit()
                    - in.position())) + " (corrupt record?)");
        }
        return v;
    }

    /** A count of elements or bytes; each needs at least a byte, so more than remain is corrupt. */
    private static int readCount(Input in) {
        int n = in.readVarInt(true);
        int left = in.limit() - in.position();
        if (n < 0 || n > left) {
            throw corrupt("a queue item announces " + n + " elements with " + left
                    + " bytes left (corrupt record?)");
        }
        return n;
    }

    private static EncodingException corrupt(String message) {
        return new EncodingException(message, null);
    }

    private static Object readScalar(Input in, int tag) {
        switch (tag) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case INT:
                return in.readVarInt(false);
            case LONG:
                return in.readVarLong(false);
            case DOUBLE:
                return in.readDouble();
            case STRING:
                String s = in.readString();
                if (s == null) {
                    throw corrupt("a queue item holds a null string under tag STRING (corrupt record?)");
                }
                return s;
            case BYTES:
                return in.readBytes(readCount(in));
            default:
                throw corrupt("a queue item has unknown element tag " + tag + " (corrupt record,"
                        + " or another version of the library?)");
        }
    }
}
