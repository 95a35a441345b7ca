package io.github.multiprocessing4j.cluster.internal;

import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.RemoteException;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.Task;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Task} as Hazelcast ships it to a member: Hazelcast Java-serializes this small object, while
 * the task inside stays in our Kryo encoding, so lambdas, records and exceptions behave exactly as on a
 * {@code ProcessPool} worker. The answer is Kryo too, one tag byte first:
 *
 * <pre>
 * +-----+---------------------------------------------+
 * | tag | Kryo bytes: the result (OK) or a Throwable   |
 * +-----+---------------------------------------------+
 * </pre>
 *
 * A task's exception travels as a value, never as Hazelcast's own error, which would rebuild only the
 * exception types Hazelcast knows.
 */
public final class RemoteTask implements Callable<byte[]>, Serializable {
    private static final long serialVersionUID = 1L;
    /** The task returned; the value follows. */
    public static final byte OK = 0;
    /** The task threw; the Throwable follows. */
    public static final byte ERROR = 1;

    private final byte[] task;

    /** Wraps {@code task}, Kryo-encoded here so that an unencodable task fails in the caller's thread. */
    public static RemoteTask of(Task task) {
        return new RemoteTask(Codec.local().encode(task));
    }

    private RemoteTask(byte[] task) {
        this.task = task;
    }

    /** Runs on a member's executor thread. */
    @Override
    public byte[] call() {
        Codec codec = Codec.local();
        Object result;
        try {
            result = ((Task) codec.decode(task, 0, task.length)).run();
        } catch (Throwable t) {
            return error(codec, t);
        }
        try {
            return tagged(OK, codec.encode(result));
        } catch (RuntimeException e) {
            return error(codec, new EncodingException("the task ran, but its result cannot be sent back: " + e.getMessage(), null));
        }
    }

    private static byte[] error(Codec codec, Throwable t) {
        try {
            return tagged(ERROR, codec.encode(t));
        } catch (RuntimeException e) {
            return tagged(ERROR, codec.encode(new RemoteException(t.getClass().getName(), t.getMessage(), String.valueOf(t))));
        }
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /**
     * Decodes a member's answer in the caller's JVM.
     *
     * @return the task's result
     * @throws Throwable the task's own exception, rebuilt
     */
    public static Object decodeAnswer(byte[] answer) throws Throwable {
        Object body = Codec.local().decode(answer, 1, answer.length - 1);
        if (answer[0] == ERROR) {
            throw (Throwable) body;
        }
        return body;
    }
}
