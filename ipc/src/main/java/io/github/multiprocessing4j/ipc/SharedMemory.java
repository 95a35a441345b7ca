package io.github.multiprocessing4j.ipc;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.ipc.internal.Region;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A named block of memory shared between JVMs: Python's {@code multiprocessing.shared_memory.SharedMemory}.
 * Made by {@link Ipc#sharedMemory(String, int)}; another JVM of the same user attaches with
 * {@link Ipc#attachSharedMemory(String)}, or receives it captured in a task.
 *
 * <pre>{@code
 * SharedMemory shm = Ipc.sharedMemory("frames", 1 << 20);
 * shm.buf().putInt(0, 42);
 * // another JVM:
 * SharedMemory same = Ipc.attachSharedMemory("frames");
 * int x = same.buf().getInt(0);
 * same.close();
 * // the creator, when every JVM is done:
 * shm.close();
 * shm.unlink();
 * }</pre>
 *
 * <p>{@link #close()} and {@link #unlink()} are different operations, as in Python: {@code close} ends
 * this object's use in this JVM; {@code unlink} removes the name, so no one can attach any more while
 * JVMs that have it mapped keep using it. The backing file lives in the creating JVM's runtime directory:
 * when that JVM exits (or is killed) the name is removed too, whether or not {@code unlink} was called.
 *
 * <p>Names are unique among running JVMs of this user: 1 to 100 characters of {@code [A-Za-z0-9._-]}, a
 * leading {@code /} (POSIX style) is dropped. Creating a name that exists fails; two JVMs creating the same
 * name at the same instant may both succeed, and an attach then finds either.
 *
 * <p>Memory consistency: none beyond what the caller builds; the bytes are plain shared memory.
 */
public final class SharedMemory implements AutoCloseable, KryoSerializable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String FILE_PREFIX = "shm-";

    private String name;
    private Region region;
    private transient volatile boolean closed;

    private SharedMemory(String name, Region region) {
        this.name = name;
        this.region = region;
    }

    static SharedMemory create(String name, int size) {
        String n = checkName(name);
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory size must be positive: " + size);
        }
        Path existing = find(n);
        if (existing != null) {
            throw new MultiprocessingException("shared memory '" + n + "' already exists: " + existing);
        }
        return new SharedMemory(n, Region.create(RuntimeDir.get().resolve(FILE_PREFIX + n), size));
    }

    static SharedMemory attach(String name) {
        String n = checkName(name);
        Path p = find(n);
        if (p == null) {
            throw new MultiprocessingException("no shared memory named '" + n + "' (never created, unlinked, or its"
                    + " creating JVM exited)");
        }
        return new SharedMemory(n, Region.attach(p));
    }

    private static String checkName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("shared memory name must be 1 to 100 of [A-Za-z0-9._-]: '" + name + "'");
        }
        return n;
    }

    /** The file of {@code name} in the runtime directory of a running JVM, or null. */
    private static Path find(String name) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(RuntimeDir.base(), RuntimeDir.PREFIX + "*")) {
            for (Path d : dirs) {
                Path f = d.resolve(FILE_PREFIX + name);
                long pid = RuntimeDir.ownerPid(d.getFileName().toString());
                if (Files.exists(f) && pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return f;
                }
            }
        } catch (IOException e) {
            throw new MultiprocessingException("cannot list " + RuntimeDir.base() + " to find shared memory '" + name
                    + "': " + e, e);
        }
        return null;
    }

    /** The name others attach with (without a leading {@code /}). */
    public String name() {
        return name;
    }

    /** Size in bytes, as given at creation. */
    public int size() {
        return region.size();
    }

    /**
     * A new view of the whole block: position 0, limit {@link #size()}, big-endian like every new
     * {@code ByteBuffer} (call {@code order(ByteOrder.nativeOrder())} for native order). Python's {@code buf}.
     * Views stay usable after {@link #close()}.
     *
     * @throws IllegalStateException if this object was closed
     */
    public ByteBuffer buf() {
        if (closed) {
            throw new IllegalStateException("shared memory '" + name + "' is closed in this JVM");
        }
        return region.buffer().duplicate().clear();
    }

    /**
     * Ends this object's use of the memory in this JVM: {@link #buf()} then throws. Idempotent. The name
     * and the memory stay for everyone else; the mapping is released once no view of it is reachable.
     */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Removes the name: later attaches fail, JVMs that have it mapped keep their memory. Call it once,
     * from any one JVM, when every user is done (the creator's exit does it anyway).
     *
     * @throws MultiprocessingException if the name is already gone
     */
    public void unlink() {
        try {
            if (!Files.deleteIfExists(region.path())) {
                throw new MultiprocessingException("shared memory '" + name + "' is already unlinked");
            }
        } catch (IOException e) {
            throw new MultiprocessingException("cannot unlink shared memory '" + name + "' at " + region.path() + ": " + e, e);
        }
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeString(name);
        kryo.writeObject(output, region);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        name = input.readString();
        region = kryo.readObject(input, Region.class);
    }

    @Override
    public String toString() {
        return "SharedMemory('" + name + "', size=" + size() + ")";
    }
}
