package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code int[]}, {@code long[]} and {@code double[]} as one bulk copy each way.
 *
 * <p>Kryo's own array serializers move one element at a time; a fresh worker runs that loop in the
 * interpreter until the JIT compiles it, which made a payload map spend most of its first tasks
 * converting numbers. Here the elements go through a little-endian {@link ByteBuffer} view, which the
 * JDK copies with a memory copy from the first call. The layout is Kryo's (length + 1 as a varint, 0 for
 * null, then little-endian elements), except that a {@code double} keeps its exact bits (a NaN payload is
 * not canonicalised).
 */
final class PrimitiveArraySerializers {
    private PrimitiveArraySerializers() {
    }

    static void register(Kryo kryo) {
        kryo.register(int[].class, new Ints());
        kryo.register(long[].class, new Longs());
        kryo.register(double[].class, new Doubles());
    }

    /** A view of {@code bytes} bytes at the output's position, growing an in-memory buffer if needed; or null. */
    static ByteBuffer reserve(Output out, int bytes) {
        if (out.getOutputStream() != null) {
            return null; // a streaming output flushes as it goes: let Kryo's element loop handle it
        }
        byte[] buffer = out.getBuffer();
        int at = out.position();
        if (buffer.length - at < bytes) {
            int max = out.getMaxCapacity();
            long wanted = Math.max((long) at + bytes, Math.min((long) buffer.length * 2, Integer.MAX_VALUE - 8));
            if (wanted > max) {
                return null; // over the output's limit: Kryo's own path raises its usual error
            }
            out.setBuffer(java.util.Arrays.copyOf(buffer, (int) wanted), max);
            out.setPosition(at);
            buffer = out.getBuffer();
        }
        out.setPosition(at + bytes);
        return ByteBuffer.wrap(buffer, at, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A view of the next {@code bytes} bytes of an input that holds them all; or null. */
    static ByteBuffer take(Input in, int bytes) {
        int at = in.position();
        if (in.getInputStream() != null || in.limit() - at < bytes) {
            return null;
        }
        in.setPosition(at + bytes);
        return ByteBuffer.wrap(in.getBuffer(), at, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The element count of an array of {@code elementBytes}-byte elements, checked against what is left. */
    private static int length(Input in, int elementBytes) {
        int n = in.readVarInt(true);
        if (n == 0) {
            return -1;
        }
        n--;
        if (n < 0 || (in.getInputStream() == null && (long) n * elementBytes > in.limit() - in.position())) {
            throw new com.esotericsoftware.kryo.KryoException("corrupt array length " + n + " with "
                    + (in.limit() - in.position()) + " bytes left");
        }
        return n;
    }

    static final class Ints extends Serializer<int[]> {
        Ints() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output out, int[] a) {
            if (a == null) {
                out.writeByte(Kryo.NULL);
                return;
            }
            out.writeVarInt(a.length + 1, true);
            ByteBuffer view = a.length > (Integer.MAX_VALUE >> 2) ? null : reserve(out, a.length * 4);
            if (view != null) {
                view.asIntBuffer().put(a);
            } else {
                out.writeInts(a, 0, a.length);
            }
        }

        @Override
        public int[] read(Kryo kryo, Input in, Class<? extends int[]> type) {
            int n = length(in, 4);
            if (n < 0) {
                return null;
            }
            ByteBuffer view = take(in, n * 4);
            if (view == null) {
                return in.readInts(n);
            }
            int[] a = new int[n];
            view.asIntBuffer().get(a);
            return a;
        }

        @Override
        public int[] copy(Kryo kryo, int[] original) {
            return original.clone();
        }
    }

    static final class Longs extends Serializer<long[]> {
        Longs() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output out, long[] a) {
            if (a == null) {
                out.writeByte(Kryo.NULL);
                return;
            }
            out.writeVarInt(a.length + 1, true);
            ByteBuffer view = a.length > (Integer.MAX_VALUE >> 3) ? null : reserve(out, a.length * 8);
            if (view != null) {
                view.asLongBuffer().put(a);
            } else {
                out.writeLongs(a, 0, a.length);
            }
        }

        @Override
        public long[] read(Kryo kryo, Input in, Class<? extends long[]> type) {
            int n = length(in, 8);
            if (n < 0) {
                return null;
            }
            ByteBuffer view = take(in, n * 8);
            if (view == null) {
                return in.readLongs(n);
            }
            long[] a = new long[n];
            view.asLongBuffer().get(a);
            return a;
        }

        @Override
        public long[] copy(Kryo kryo, long[] original) {
            return original.clone();
        }
    }

    static final class Doubles extends Serializer<double[]> {
        Doubles() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output out, double[] a) {
            if (a == null) {
                out.writeByte(Kryo.NULL);
                return;
            }
            out.writeVarInt(a.length + 1, true);
            ByteBuffer view = a.length > (Integer.MAX_VALUE >> 3) ? null : reserve(out, a.length * 8);
            if (view != null) {
                view.asDoubleBuffer().put(a);
            } else {
                for (double d : a) { // Kryo's writeDoubles would canonicalise NaNs: keep the bits as the bulk path does
                    out.writeLong(Double.doubleToRawLongBits(d));
                }
            }
        }

        @Override
        public double[] read(Kryo kryo, Input in, Class<? extends double[]> type) {
            int n = length(in, 8);
            if (n < 0) {
                return null;
            }
            ByteBuffer view = take(in, n * 8);
            double[] a = new double[n];
            if (view == null) {
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(in.readLong());
                }
            } else {
                view.asDoubleBuffer().get(a);
            }
            return a;
        }

        @Override
        public double[] copy(Kryo kryo, double[] original) {
            return original.clone();
        }
    }
}
