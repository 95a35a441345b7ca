package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.lang.ref.WeakReference;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A memory-mapped file that travels between JVMs by path: encoding writes only the absolute path, decoding
 * maps the file (once per JVM while the mapping is reachable). The file lives in the creating JVM's
 * {@link RuntimeDir}, so it is removed when that JVM exits and swept if it was SIGKILLed; mappings
 * already made in other JVMs stay valid until those are garbage collected.
 *
 * <p>Thread-safety: immutable once made or decoded.
 */
public final class Region implements KryoSerializable {
    private static final ConcurrentHashMap<String, WeakReference<MappedByteBuffer>> MAPPED = new ConcurrentHashMap<>();

    private String path;
    private MappedByteBuffer buffer;

    private Region(String path, MappedByteBuffer buffer) {
        this.path = path;
        this.buffer = buffer;
    }

    /** Creates a zero-filled region of {@code size} bytes in this JVM's runtime directory. */
    public static Region create(String prefix, long size) {
        Path p = RuntimeDir.newPath(prefix, ".shm");
        MappedByteBuffer b = MappedFiles.create(p, size);
        String key = p.toString();
        MAPPED.put(key, new WeakReference<>(b));
        return new Region(key, b);
    }

    /** Creates a zero-filled region at {@code path}, which must not exist. */
    public static Region create(Path path, long size) {
        MappedByteBuffer b = MappedFiles.create(path, size);
        MAPPED.put(path.toString(), new WeakReference<>(b));
        return new Region(path.toString(), b);
    }

    /**
     * Maps the region at {@code path}, reusing this JVM's mapping when it has one.
     *
     * @throws io.github.multiprocessing4j.MultiprocessingException if the file is gone
     */
    public static Region attach(Path path) {
        return new Region(path.toString(), map(path.toString()));
    }

    private static MappedByteBuffer map(String path) {
        WeakReference<MappedByteBuffer> ref = MAPPED.get(path);
        MappedByteBuffer b = ref == null ? null : ref.get();
        if (b == null) {
            b = MappedFiles.open(Paths.get(path));
            MAPPED.put(path, new WeakReference<>(b));
        }
        return b;
    }

    /** The mapping; callers access it through VarHandles at absolute offsets and never move its position. */
    public MappedByteBuffer buffer() {
        return buffer;
    }

    /** The file's absolute path. */
    public Path path() {
        return Paths.get(path);
    }

    /** Mapped bytes. */
    public int size() {
        return buffer.capacity();
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeString(path);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        path = input.readString();
        buffer = map(path);
    }

    @Override
    public String toString() {
        return path;
    }
}
