package io.github.multiprocessing4j.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What a child needs to reach its parent, sent over the child's stdin (never argv, where {@code ps}
 * shows it, nor the environment).
 *
 * <pre>
 *   int32 MAGIC | int32 VERSION | UTF socketPath | 32 bytes secret | UTF name | boolean daemon
 *   | int64 parentPid | UTF parentName
 * </pre>
 */
public record Bootstrap(String socketPath, byte[] secret, String name, boolean daemon, long parentPid, String parentName) {
    private static final int MAGIC = 0x6d70346a;
    private static final int VERSION = 1;

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(socketPath);
            out.write(secret);
            out.writeUTF(name);
            out.writeBoolean(daemon);
            out.writeLong(parentPid);
            out.writeUTF(parentName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Bootstrap read(InputStream stdin) throws IOException {
        DataInputStream in = new DataInputStream(stdin);
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException("this JVM was not started by multiprocessing4j: bad bootstrap magic 0x"
                    + Integer.toHexString(magic) + " on stdin");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("bootstrap version " + version + " from the parent, expected " + VERSION
                    + ": parent and worker use different multiprocessing4j versions");
        }
        String path = in.readUTF();
        byte[] secret = new byte[Channel.SECRET_BYTES];
        in.readFully(secret);
        return new Bootstrap(path, secret, in.readUTF(), in.readBoolean(), in.readLong(), in.readUTF());
    }

    @Override
    public String toString() {
        return "Bootstrap[" + name + " via " + socketPath + "]"; // never the secret
    }
}
