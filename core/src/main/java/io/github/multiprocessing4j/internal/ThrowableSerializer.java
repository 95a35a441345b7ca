package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.RemoteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Encodes an exception twice over: as text (class name, message, printed stack trace) and as Java
 * serialization. The reader rebuilds the exception as its own type, remote stack trace included; when
 * that fails (the class is missing here, or a field is not serializable) it returns a
 * {@link RemoteException} built from the text, so an exception is never lost in transit.
 */
final class ThrowableSerializer extends Serializer<Throwable> {

    @Override
    public void write(Kryo kryo, Output output, Throwable t) {
        output.writeString(t.getClass().getName());
        output.writeString(t.getMessage());
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        output.writeString(trace.toString());
        byte[] java = javaSerialized(t);
        output.writeVarInt(java == null ? 0 : java.length, true);
        if (java != null) {
            output.writeBytes(java);
        }
    }

    @Override
    public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> type) {
        String className = input.readString();
        String message = input.readString();
        String trace = input.readString();
        int n = input.readVarInt(true);
        if (n > 0) {
            byte[] java = input.readBytes(n);
            Throwable t = javaDeserialized(java, kryo.getClassLoader());
            if (t != null) {
                return t;
            }
        }
        return new RemoteException(className, message, trace);
    }

    private static byte[] javaSerialized(Throwable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        } catch (IOException | RuntimeException e) {
            return null; // a field that is not serializable: the text form stands in
        }
        return bytes.toByteArray();
    }

    private static Throwable javaDeserialized(byte[] java, ClassLoader loader) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(java)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return null;
        }
    }
}
