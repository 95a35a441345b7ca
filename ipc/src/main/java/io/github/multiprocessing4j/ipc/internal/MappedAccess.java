package io.github.multiprocessing4j.ipc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.ref.Reference;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;

/**
 * Ordered reads, writes and bulk copies at absolute offsets of one mapping, in native byte order: what
 * a queue's ring does per item. Two implementations with the same contract:
 * <ul>
 *   <li>{@code sun.misc.Unsafe} on the mapping's address (module {@code jdk.unsupported}; the address is
 *       read with Unsafe itself, so no {@code --add-opens} is needed): a scalar access is the bounds
 *       check below and the memory instruction. The byte-buffer {@link VarHandle}s of DESIGN §4 also check the
 *       buffer's state and scope on every access;</li>
 *   <li>{@link MethodHandles#byteBufferViewVarHandle} and {@code ByteBuffer}'s absolute bulk methods,
 *       used when Unsafe is unavailable, on JDK 24 and later (where its memory methods are deprecated
 *       for removal and warn, JEP 471/498), or with {@code -Dmp4j.unsafe=false}.</li>
 * </ul>
 *
 * <p>Every offset and length is checked against the mapping's size before the memory is touched, and
 * 8-byte accesses must be 8-aligned (an unaligned atomic access faults on some CPUs), so values read
 * from a corrupt or hostile file cause an {@link IndexOutOfBoundsException}, never a crash of the JVM.
 *
 * <p>Ordering names follow {@link VarHandle}: {@code Volatile}, {@code Acquire}/{@code Release} (paired:
 * a release write is seen by an acquire or volatile read with everything written before it),
 * {@code Opaque}; the read-modify-writes are volatile. Plain {@link #getInt}/{@link #putInt} and the copies
 * are ordered only by a release/acquire pair around them.
 *
 * <p>Thread-safety: stateless once made; any thread. The caller keeps the buffer reachable (this object
 * references it) for as long as it uses the view.
 */
abstract class MappedAccess {
    /** Whether {@link #of} returns the Unsafe implementation in this JVM. */
    static final boolean UNSAFE = UnsafeAccess.AVAILABLE && !"false".equals(System.getProperty("mp4j.unsafe"));

    final MappedByteBuffer buffer;
    final int size;

    MappedAccess(MappedByteBuffer buffer) {
        this.buffer = buffer;
        this.size = buffer.capacity();
    }

    /** The fastest implementation available in this JVM (see the class comment). */
    static MappedAccess of(MappedByteBuffer buffer) {
        return UNSAFE ? new UnsafeAccess(buffer) : new VarHandleAccess(buffer);
    }

    /** The VarHandle implementation, whatever {@link #UNSAFE} says; for tests of both paths. */
    static MappedAccess varHandles(MappedByteBuffer buffer) {
        return new VarHandleAccess(buffer);
    }

    /**
     * The Unsafe implementation; for tests of both paths.
     *
     * @throws UnsupportedOperationException if this JVM has no usable Unsafe
     */
    static MappedAccess unsafe(MappedByteBuffer buffer) {
        if (!UnsafeAccess.AVAILABLE) {
            throw new UnsupportedOperationException("sun.misc.Unsafe is not usable in this JVM");
        }
        return new UnsafeAccess(buffer);
    }

    abstract long getLongVolatile(int offset);

    abstract long getLongAcquire(int offset);

    /** At least opaque: the Unsafe implementation reads with volatile order, as cheap on x86. */
    abstract long getLongOpaque(int offset);

    abstract void setLongRelease(int offset, long value);

    /** At least opaque: the Unsafe implementation writes with release order, as cheap on x86 and ARM. */
    abstract void setLongOpaque(int offset, long value);

    abstract boolean compareAndSetLong(int offset, long expect, long value);

    /** Returns the value before the addition. */
    abstract long getAndAddLong(int offset, long delta);

    abstract int getInt(int offset);

    abstract int getIntVolatile(int offset);

    abstract void putInt(int offset, int value);

    /** Copies {@code src[from, from + length)} to the mapping at {@code offset}. */
    abstract void copyIn(int offset, byte[] src, int from, int length);

    /** Copies {@code length} bytes of the mapping at {@code offset} to {@code dst[to, to + length)}. */
    abstract void copyOut(int offset, byte[] dst, int to, int length);

    /** Checks an 8-byte access: aligned and inside the mapping. */
    final void check8(int offset) {
        if ((offset & 7) != 0 || offset < 0 || offset > size - 8) {
            throw new IndexOutOfBoundsException("8-byte access at " + offset + " of a " + size
                    + "-byte mapping (must be 8-aligned and inside it)");
        }
    }

    /** Checks a 4-byte access: aligned and inside the mapping. */
    final void check4(int offset) {
        if ((offset & 3) != 0 || offset < 0 || offset > size - 4) {
            throw new IndexOutOfBoundsException("4-byte access at " + offset + " of a " + size
                    + "-byte mapping (must be 4-aligned and inside it)");
        }
    }

    /** Checks a copy of {@code length} bytes at {@code offset} of the mapping and {@code at} of an array. */
    final void checkCopy(int offset, byte[] array, int at, int length) {
        if (offset < 0 || length < 0 || offset > size - length || at < 0 || at > array.length - length) {
            throw new IndexOutOfBoundsException("copy of " + length + " bytes at " + offset + " of a " + size
                    + "-byte mapping and at " + at + " of a " + array.length + "-byte array");
        }
    }

    /** Unsafe on the mapping's address: one instruction per access after the bounds check. */
    static final class UnsafeAccess extends MappedAccess {
        static final boolean AVAILABLE;
        private static final sun.misc.Unsafe U;
        private static final long ADDRESS_FIELD;
        private static final long BYTES_BASE;

        static {
            sun.misc.Unsafe u = null;
            long addressField = -1;
            long bytesBase = -1;
            if (Runtime.version().feature() < 24) {
                try {
                    Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                    f.setAccessible(true); // jdk.unsupported opens sun.misc to everyone
                    u = (sun.misc.Unsafe) f.get(null);
                    // The field object only names the field; Unsafe reads it without reflective access.
                    addressField = u.objectFieldOffset(Buffer.class.getDeclaredField("address"));
                    bytesBase = u.arrayBaseOffset(byte[].class);
                    if (u.arrayIndexScale(byte[].class) != 1) {
                        u = null;
                    }
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    u = null;
                }
            }
            U = u;
            AVAILABLE = u != null;
            String arch = System.getProperty("os.arch", "");
            // word copies read and write unaligned: only where the CPU allows that to plain accesses
            SMALL_COPY = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64") ? 64 : 0;
            ADDRESS_FIELD = addressField;
            BYTES_BASE = bytesBase;
        }

        /**
         * Copies up to this many bytes go word by word: {@code copyMemory} is a native call until C2
         * compiles the caller, which for a small queue item costs more than the copy. 0 where the CPU
         * does not allow unaligned plain accesses.
         */
        static final int SMALL_COPY;

        private final long address;

        UnsafeAccess(MappedByteBuffer buffer) {
            super(buffer);
            this.address = U.getLong(buffer, ADDRESS_FIELD);
            if (address == 0) {
                throw new IllegalArgumentException("the mapping has no address: " + buffer);
            }
        }

        @Override
        long getLongVolatile(int offset) {
            check8(offset);
            long v = U.getLongVolatile(null, address + offset);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        long getLongAcquire(int offset) {
            check8(offset);
            long v = U.getLongVolatile(null, address + offset); // sun.misc.Unsafe has no weaker ordered read
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        long getLongOpaque(int offset) {
            check8(offset);
            long v = U.getLongVolatile(null, address + offset);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        void setLongRelease(int offset, long value) {
            check8(offset);
            U.putOrderedLong(null, address + offset, value);
            Reference.reachabilityFence(buffer);
        }

        @Override
        void setLongOpaque(int offset, long value) {
            check8(offset);
            U.putOrderedLong(null, address + offset, value);
            Reference.reachabilityFence(buffer);
        }

        @Override
        boolean compareAndSetLong(int offset, long expect, long value) {
            check8(offset);
            boolean v = U.compareAndSwapLong(null, address + offset, expect, value);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        long getAndAddLong(int offset, long delta) {
            check8(offset);
            long v = U.getAndAddLong(null, address + offset, delta);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        int getInt(int offset) {
            check4(offset);
            int v = U.getInt(address + offset);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        int getIntVolatile(int offset) {
            check4(offset);
            int v = U.getIntVolatile(null, address + offset);
            Reference.reachabilityFence(buffer);
            return v;
        }

        @Override
        void putInt(int offset, int value) {
            check4(offset);
            U.putInt(address + offset, value);
            Reference.reachabilityFence(buffer);
        }

        @Override
        void copyIn(int offset, byte[] src, int from, int length) {
            checkCopy(offset, src, from, length);
            if (length > SMALL_COPY) {
                U.copyMemory(src, BYTES_BASE + from, null, address + offset, length);
                Reference.reachabilityFence(buffer);
                return;
            }
            long a = address + offset;
            long b = BYTES_BASE + from;
            int i = 0;
            for (; i <= length - 8; i += 8) {
                U.putLong(a + i, U.getLong(src, b + i));
            }
            for (; i < length; i++) {
                U.putByte(a + i, U.getByte(src, b + i));
            }
            Reference.reachabilityFence(buffer);
        }

        @Override
        void copyOut(int offset, byte[] dst, int to, int length) {
            checkCopy(offset, dst, to, length);
            if (length > SMALL_COPY) {
                U.copyMemory(null, address + offset, dst, BYTES_BASE + to, length);
                Reference.reachabilityFence(buffer);
                return;
            }
            long a = address + offset;
            long b = BYTES_BASE + to;
            int i = 0;
            for (; i <= length - 8; i += 8) {
                U.putLong(dst, b + i, U.getLong(a + i));
            }
            for (; i < length; i++) {
                U.putByte(dst, b + i, U.getByte(a + i));
            }
            Reference.reachabilityFence(buffer);
        }
    }

    /** DESIGN §4's byte-buffer VarHandles; they check bounds and alignment themselves. */
    static final class VarHandleAccess extends MappedAccess {
        private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
        private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

        VarHandleAccess(MappedByteBuffer buffer) {
            super(buffer);
        }

        @Override
        long getLongVolatile(int offset) {
            check8(offset);
            return (long) LONG.getVolatile(buffer, offset);
        }

        @Override
        long getLongAcquire(int offset) {
            check8(offset);
            return (long) LONG.getAcquire(buffer, offset);
        }

        @Override
        long getLongOpaque(int offset) {
            check8(offset);
            return (long) LONG.getOpaque(buffer, offset);
        }

        @Override
        void setLongRelease(int offset, long value) {
            check8(offset);
            LONG.setRelease(buffer, offset, value);
        }

        @Override
        void setLongOpaque(int offset, long value) {
            check8(offset);
            LONG.setOpaque(buffer, offset, value);
        }

        @Override
        boolean compareAndSetLong(int offset, long expect, long value) {
            check8(offset);
            return LONG.compareAndSet(buffer, offset, expect, value);
        }

        @Override
        long getAndAddLong(int offset, long delta) {
            check8(offset);
            return (long) LONG.getAndAdd(buffer, offset, delta);
        }

        @Override
        int getInt(int offset) {
            check4(offset);
            return (int) INT.get(buffer, offset);
        }

        @Override
        int getIntVolatile(int offset) {
            check4(offset);
            return (int) INT.getVolatile(buffer, offset);
        }

        @Override
        void putInt(int offset, int value) {
            check4(offset);
            INT.set(buffer, offset, value);
        }

        @Override
        void copyIn(int offset, byte[] src, int from, int length) {
            checkCopy(offset, src, from, length);
            buffer.put(offset, src, from, length);
        }

        @Override
        void copyOut(int offset, byte[] dst, int to, int length) {
            checkCopy(offset, dst, to, length);
            buffer.get(offset, dst, to, length);
        }
    }
}
