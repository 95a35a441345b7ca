package io.github.multiprocessing4j.internal;

import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One unit of work as it travels to a worker: a call, or a chunk of a map. A chunk fails as a whole
 * when one of its items throws, as in Python, so a chunk's result is always complete.
 *
 * @param kind {@link #CALL}, {@link #MAP} or {@link #STARMAP}
 * @param fn   a {@code Callable}, a {@code Function} or a {@code BiFunction}
 * @param args the chunk's items ({@code Object[2]} pairs for STARMAP); null for CALL
 */
public record Task(int kind, Object fn, Object[] args) {
    public static final int CALL = 0;
    public static final int MAP = 1;
    public static final int STARMAP = 2;

    public static Task call(Callable<?> c) {
        return new Task(CALL, c, null);
    }

    public static Task map(Function<?, ?> fn, Object[] chunk) {
        return new Task(MAP, fn, chunk);
    }

    public static Task starmap(BiFunction<?, ?, ?> fn, Object[] pairs) {
        return new Task(STARMAP, fn, pairs);
    }

    /**
     * Stands in for a function the worker already has: a map sends its function once per worker (a
     * FUNC frame) and then only this id with each chunk.
     */
    public record FnId(long id) {
    }

    /** This task with its function replaced, for sending with a cached function or running after receipt. */
    public Task withFn(Object newFn) {
        return new Task(kind, newFn, args);
    }

    /** Runs the task here; a MAP or STARMAP chunk returns an {@code Object[]} of results in order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object run() throws Exception {
        switch (kind) {
            case CALL:
                return ((Callable<?>) fn).call();
            case MAP: {
                Function f = (Function) fn;
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    out[i] = f.apply(args[i]);
                }
                return out;
            }
            case STARMAP: {
                BiFunction f = (BiFunction) fn;
                Object[] out = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    Object[] pair = (Object[]) args[i];
                    out[i] = f.apply(pair[0], pair[1]);
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("unknown task kind " + kind);
        }
    }

    /** A compact encoding: kind, function, item count, items. */
    public static final class Serializer extends com.esotericsoftware.kryo.Serializer<Task> {
        @Override
        public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output out, Task t) {
            out.writeByte(t.kind);
            if (t.fn instanceof FnId f) {
                out.writeBoolean(true);
                out.writeVarLong(f.id, true);
            } else {
                out.writeBoolean(false);
                kryo.writeClassAndObject(out, t.fn);
            }
            if (t.args == null) {
                out.writeVarInt(0, true);
                return;
            }
            out.writeVarInt(t.args.length + 1, true);
            ObjectArraySerializer.writeElements(kryo, out, t.args);
        }

        @Override
        public Task read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input in, Class<? extends Task> type) {
            int kind = in.readByte();
            Object fn = in.readBoolean() ? new FnId(in.readVarLong(true)) : kryo.readClassAndObject(in);
            int n = in.readVarInt(true);
            Object[] args = null;
            if (n > 0) {
                args = new Object[ObjectArraySerializer.checkedLength(in, n - 1)];
                ObjectArraySerializer.readElements(kryo, in, args);
            }
            return new Task(kind, fn, args);
        }
    }
}
