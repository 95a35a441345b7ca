package io.github.multiprocessing4j.ipc.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A memory-mapped file that travels between JVMs by path: encoding writes only the absolute path, decoding
 * maps the file (once per JVM while the mapping is reachable). The file lives in the creating JVM's
 * {@link RuntimeDir}, so it is removed when that JVM exits and swept if it was SIGKILLed.
 *
 * <p>An anonymous region ({@link #create(String, long)}: values, arrays, locks) is also removed as soon as
 * the creating JVM no longer references its mapping (a {@link Cleaner} on it), as Python frees a
 * {@code Value} with its last reference: the creator must keep the object (or a task or process target
 * capturing it) reachable until every JVM that needs it has decoded it. Mappings already made stay valid
 * in every JVM, whatever happens to the file. A named region ({@link #create(Path, long)}, for
 * {@code SharedMemory}) stays until unlinked or until its JVM exits.
 *
 * <p>Thread-safety: immutable once made or decoded.
 */
public final class Region implements KryoSerializable {
    private static final ConcurrentHashMap<String, WeakReference<MappedByteBuffer>> MAPPED = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();

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
        CLEANER.register(b, () -> {
            MAPPED.computeIfPresent(key, (k, ref) -> ref.get() == null ? null : ref);
            try {
                Files.deleteIfExists(Paths.get(key));
            } catch (IOException ignored) {
                // the runtime directory goes at exit anyway
            }
        });
        return new Region(key, b);
    }

    /** Creates a zero-filled named region at {@code path}, which must not exist; it stays until deleted. */
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
            WeakReference<MappedByteBuffer> mine = new WeakReference<>(b);
            MAPPED.put(path, mine);
            CLEANER.register(b, () -> MAPPED.remove(path, mine)); // a long-lived worker forgets what it no longer maps
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
