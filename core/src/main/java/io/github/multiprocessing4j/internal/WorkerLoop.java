package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.SerializableRunnable;
import java.io.IOException;

/**
 * The target of every pool worker: runs the initializer, says READY, then runs tasks in the order they
 * arrive and answers each with RESULT or ERROR.
 *
 * <p>Answers are batched: they are written when no further task is already buffered, so a worker kept
 * busy by a pipelined parent answers many tasks per system call, while a lone task is answered at once.
 * The parent relies on the order: tasks run one at a time, first come first served, so the oldest
 * unanswered task of a worker that dies is the one it was running.
 */
public final class WorkerLoop implements SerializableRunnable, ChannelOwner {
    private static final int FLUSH_BYTES = 64 * 1024;
    /** The largest answer buffer a worker keeps between tasks. */
    private static final int KEEP_BYTES = 8 << 20;

    /** Written and read by the loop's own thread (tasks run on it), so a plain field. */
    private static int answerCapacity;

    private final SerializableRunnable initializer;
    private transient java.util.Map<Long, Object> functions;

    public WorkerLoop(SerializableRunnable initializer) {
        this.initializer = initializer;
    }

    @Override
    public void run() {
        Channel channel = ChildRuntime.channel();
        functions = new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Long, Object> eldest) {
                return size() > MessageTypes.FUNCTION_CACHE;
            }
        };
        Output out = new Output(FLUSH_BYTES, -1);
        try {
            if (initializer != null) {
                try {
                    initializer.run();
                } catch (Throwable t) {
                    appendError(out, -1, t);
                    channel.write(out.getBuffer(), out.position());
                    System.err.println("Process " + ChildRuntime.currentName() + ": the pool initializer failed:");
                    t.printStackTrace();
                    System.exit(1);
                }
            }
            channel.send(MessageTypes.READY, 0, null);
            while (true) {
                Channel.Message m = channel.receive();
                if (m == null) {
                    Runtime.getRuntime().halt(WorkerMain.EXIT_PARENT_DIED);
                }
                if (m.type() == MessageTypes.STOP) {
                    flush(channel, out);
                    System.out.flush();
                    System.exit(0);
                }
                if (m.type() == MessageTypes.FUNC) {
                    functions.put(m.id(), m.decodeFailure() != null ? m.decodeFailure() : m.body());
                    continue;
                }
                runOne(m, out);
                if (out.position() >= FLUSH_BYTES || !channel.hasBufferedFrame()) {
                    flush(channel, out);
                }
            }
        } catch (IOException e) {
            Runtime.getRuntime().halt(WorkerMain.EXIT_PARENT_DIED); // the parent is gone
        }
    }

    private void runOne(Channel.Message m, Output out) {
        if (m.decodeFailure() != null) {
            appendError(out, m.id(), m.decodeFailure());
            return;
        }
        Object result;
        try {
            Task task = (Task) m.body();
            if (task.fn() instanceof Task.FnId f) {
                Object fn = functions.get(f.id());
                if (fn instanceof RuntimeException failed) {
                    throw failed; // the function itself could not be decoded here
                }
                if (fn == null) {
                    throw new IllegalStateException("function " + f.id() + " was never sent to this worker");
                }
                task = task.withFn(fn);
            }
            result = task.run();
        } catch (Throwable t) {
            Thread.interrupted();
            appendError(out, m.id(), t);
            return;
        }
        Thread.interrupted(); // a task that left its thread interrupted must not break the worker's next wait
        try {
            Channel.appendFrame(out, MessageTypes.RESULT, m.id(), result);
        } catch (RuntimeException e) {
            appendError(out, m.id(), new EncodingException("the task ran, but its result cannot be sent back: "
                    + e.getMessage(), null));
        }
    }

    private static void appendError(Output out, long id, Throwable t) {
        try {
            Channel.appendFrame(out, MessageTypes.ERROR, id, t);
        } catch (RuntimeException e) {
            Channel.appendFrame(out, MessageTypes.ERROR, id, new io.github.multiprocessing4j.RemoteException(
                    t.getClass().getName(), t.getMessage(), String.valueOf(t)));
        }
    }

    private static void flush(Channel channel, Output out) throws IOException {
        if (out.position() > 0) {
            channel.write(out.getBuffer(), out.position());
            out.reset();
        }
        if (out.getBuffer().length > KEEP_BYTES) {
            out.setBuffer(new byte[FLUSH_BYTES], -1); // after a big result: do not hold its size for good
        }
        answerCapacity = out.getBuffer().length;
    }

    /** The capacity of this worker's answer buffer after its last write; for tests, from a task. */
    public static int answerCapacityForTests() {
        return answerCapacity;
    }
}
