package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.FrameLayout;

/**
 * The body of a call frame ({@link ManagerProtocol#CALL_NO_REPLY} and {@link ManagerProtocol#CALL_COMPACT},
 * raw frame types, so the server decodes the body itself and knows the frame's type even when that fails). Small boxed values, the usual keys and values of a dict, are written
 * without Kryo's class and reference bookkeeping; anything else is one Kryo value.
 *
 * <pre>
 *   frame: FrameLayout header (length BE | type 0xA1 | object id BE) | body
 *   body:  varint method | varint argc | argc x (tag byte | payload)
 *   tag    payload
 *   0      null             -
 *   1      Integer          zig-zag varint
 *   2      Long             zig-zag varlong
 *   3      String           Kryo writeString (length-prefixed UTF-8, or ASCII with a high-bit end)
 *   4      Double           8 bytes, Kryo writeDouble
 *   5      Boolean true     -
 *   6      Boolean false    -
 *   7      anything else    one Kryo value (class and object, Codec's configuration)
 * </pre>
 */
final class PipelinedCallLayout {
    /** The thread's buffer for a waited-for call's frame. */
    private static final ThreadLocal<Output> FRAME = ThreadLocal.withInitial(() -> new Output(4096, -1));

    /** This thread's frame buffer, reset. */
    static Output frameBuffer() {
        Output out = FRAME.get();
        if (out.getBuffer().length > 1 << 20) {
            out = new Output(4096, -1); // do not keep a huge buffer alive per thread
            FRAME.set(out);
        }
        out.reset();
        return out;
    }

    static final int TAG_NULL = 0;
    static final int TAG_INT = 1;
    static final int TAG_LONG = 2;
    static final int TAG_STRING = 3;
    static final int TAG_DOUBLE = 4;
    static final int TAG_TRUE = 5;
    static final int TAG_FALSE = 6;
    static final int TAG_KRYO = 7;

    private PipelinedCallLayout() {
    }

    /**
     * Appends one whole frame to {@code out}; on failure (an argument that cannot be encoded, a frame
     * over the limit) {@code out} is rolled back to where it was and the exception thrown.
     */
    static void appendFrame(Output out, long objectId, int method, Object[] args) {
        appendFrame(out, ManagerProtocol.CALL_NO_REPLY, objectId, method, args, 0);
    }

    /**
     * As {@link #appendFrame(Output, long, int, Object[])} for any call type, with the arguments
     * {@code args[from..]}.
     */
    static void appendFrame(Output out, int type, long objectId, int method, Object[] args, int from) {
        int start = out.position();
        try {
            writeIntBE(out, 0);
            out.writeByte(type);
            writeIntBE(out, (int) (objectId >>> 32));
            writeIntBE(out, (int) objectId);
            out.writeVarInt(method, true);
            out.writeVarInt(args.length - from, true);
            for (int i = from; i < args.length; i++) {
                writeArg(out, args[i]);
            }
            int end = out.position();
            FrameLayout.checkOutgoing(end - start, "a pipelined call");
            out.setPosition(start);
            writeIntBE(out, end - start - FrameLayout.LENGTH_SIZE);
            out.setPosition(end);
        } catch (RuntimeException e) {
            out.setPosition(start);
            throw e;
        }
    }

    private static void writeArg(Output out, Object a) {
        if (a == null) {
            out.writeByte(TAG_NULL);
        } else if (a.getClass() == Integer.class) {
            out.writeByte(TAG_INT);
            out.writeVarInt((Integer) a, false);
        } else if (a.getClass() == Long.class) {
            out.writeByte(TAG_LONG);
            out.writeVarLong((Long) a, false);
        } else if (a.getClass() == String.class) {
            out.writeByte(TAG_STRING);
            out.writeString((String) a);
        } else if (a.getClass() == Double.class) {
            out.writeByte(TAG_DOUBLE);
            out.writeDouble((Double) a);
        } else if (a.getClass() == Boolean.class) {
            out.writeByte((Boolean) a ? TAG_TRUE : TAG_FALSE);
        } else {
            out.writeByte(TAG_KRYO);
            Codec.local().writeTo(out, a);
        }
    }

    /** Decodes a body into a request array ({@code [method, args...]}, as a CALL body). */
    static Object[] read(byte[] body) {
        Input in = new Input(body);
        int method = in.readVarInt(true);
        int argc = in.readVarInt(true);
        if (argc < 0 || argc > body.length) {
            throw new MultiprocessingException("corrupt pipelined call: " + argc + " arguments in " + body.length + " bytes");
        }
        Object[] request = new Object[argc + 1];
        request[0] = method;
        for (int i = 1; i <= argc; i++) {
            int tag = in.readByte();
            switch (tag) {
                case TAG_NULL:
                    break;
                case TAG_INT:
                    request[i] = in.readVarInt(false);
                    break;
                case TAG_LONG:
                    request[i] = in.readVarLong(false);
                    break;
                case TAG_STRING:
                    request[i] = in.readString();
                    break;
                case TAG_DOUBLE:
                    request[i] = in.readDouble();
                    break;
                case TAG_TRUE:
                    request[i] = Boolean.TRUE;
                    break;
                case TAG_FALSE:
                    request[i] = Boolean.FALSE;
                    break;
                case TAG_KRYO:
                    request[i] = Codec.local().readFrom(in);
                    break;
                default:
                    throw new MultiprocessingException("corrupt pipelined call: unknown argument tag " + tag);
            }
        }
        return request;
    }

    private static void writeIntBE(Output out, int v) {
        out.writeByte(v >>> 24);
        out.writeByte(v >>> 16);
        out.writeByte(v >>> 8);
        out.writeByte(v);
    }
}
