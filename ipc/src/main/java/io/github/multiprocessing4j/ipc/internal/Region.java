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
 * the creating JVM no longer references it (a {@link Cleaner} on its mapping), as Python frees a
 * {@code Value} with its last reference: the creator must keep the object (or a task or process target
 * capturing it) reachable until every JVM that needs it has decoded it. Mappings already made stay valid
 * in every JVM, whatever happens to the file. A named region ({@link #create(Path, long)}, for
 * {@code SharedMemory}) stays until unlinked or until its JVM exits.
 *
 * <p>Thread-safety: immutable once made or decoded.
 */
public final class Region implements KryoSerializable {
    /** path → this JVM's mapping of it, while some Region references it. */
    private static final ConcurrentHashMap<String, WeakReference<Mapping>> MAPPED = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();

    private String path;
    private Mapping mapping;

    /** One JVM's mapping of one file, shared by every Region of that path, with per-JVM state of its objects. */
    private static final class Mapping {
        final MappedByteBuffer buffer;
        final ConcurrentHashMap<Integer, Object> locals = new ConcurrentHashMap<>();

        Mapping(MappedByteBuffer buffer) {
            this.buffer = buffer;
        }
    }

    private Region(String path, Mapping mapping) {
        this.path = path;
        this.mapping = mapping;
    }

    /** Creates a zero-filled region of {@code size} bytes in this JVM's runtime directory. */
    public static Region create(String prefix, long size) {
        Path p = RuntimeDir.newPath(prefix, ".shm");
        Mapping m = new Mapping(MappedFiles.create(p, size));
        String key = p.toString();
        WeakReference<Mapping> ref = new WeakReference<>(m);
        MAPPED.put(key, ref);
        CLEANER.register(m, () -> {
            MAPPED.remove(key, ref);
            try {
                Files.deleteIfExists(Paths.get(key));
            } catch (IOException ignored) {
                // the runtime directory goes at exit anyway
            }
        });
        return new Region(key, m);
    }

    /** Creates a zero-filled named region at {@code path}, which must not exist; it stays until deleted. */
    public static Region create(Path path, long size) {
        Mapping m = new Mapping(MappedFiles.create(path, size));
        remember(path.toString(), m);
        return new Region(path.toString(), m);
    }

    /**
     * Maps the region at {@code path}, reusing this JVM's mapping when it has one.
     *
     * @throws io.github.multiprocessing4j.MultiprocessingException if the file is gone
     */
    public static Region attach(Path path) {
        return new Region(path.toString(), map(path.toString()));
    }

    private static Mapping map(String path) {
        WeakReference<Mapping> ref = MAPPED.get(path);
        Mapping m = ref == null ? null : ref.get();
        if (m == null) {
            m = new Mapping(MappedFiles.open(Paths.get(path)));
            remember(path, m);
        }
        return m;
    }

    private static void remember(String path, Mapping m) {
        WeakReference<Mapping> ref = new WeakReference<>(m);
        MAPPED.put(path, ref);
        CLEANER.register(m, () -> MAPPED.remove(path, ref)); // a long-lived worker forgets what it no longer maps
    }

    /**
     * This JVM's state for the object at {@code offset} of this region, one per JVM whichever Region
     * object asks (state only the JVM itself needs, such as an RLock's hold count).
     */
    @SuppressWarnings("unchecked")
    public <T> T local(int offset, java.util.function.Supplier<T> create) {
        return (T) mapping.locals.computeIfAbsent(offset, k -> create.get());
    }

    /** The mapping; callers access it through VarHandles at absolute offsets and never move its position. */
    public MappedByteBuffer buffer() {
        return mapping.buffer;
    }

    /** The file's absolute path. */
    public Path path() {
        return Paths.get(path);
    }

    /** Mapped bytes. */
    public int size() {
        return mapping.buffer.capacity();
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeString(path);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        path = input.readString();
        mapping = map(path);
    }

    @Override
    public String toString() {
        return path;
    }
}
