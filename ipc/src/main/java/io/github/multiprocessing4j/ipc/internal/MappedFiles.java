package io.github.multiprocessing4j.ipc.internal;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Creates and maps the files behind shared values, arrays, locks and segments. New files go in this
 * JVM's {@link RuntimeDir}, so they share its lifecycle: removed when this JVM exits, swept after a
 * SIGKILL. Other JVMs map them by absolute path.
 */
public final class MappedFiles {
    private MappedFiles() {
    }

    /**
     * Creates a zero-filled file of {@code size} bytes named {@code <runtime dir>/<prefix><n>.shm} and maps
     * it read-write. Any thread may call it.
     *
     * @throws MultiprocessingException if the file cannot be created or mapped, naming path and size
     */
    public static MappedByteBuffer create(String prefix, long size) {
        return create(RuntimeDir.newPath(prefix, ".shm"), size);
    }

    /**
     * Like {@link #create(String, long)} at a given path, which must not exist yet. Every block of the
     * file is written before it is mapped: on a tmpfs such as {@code /dev/shm} a block is only taken when
     * first written, and a process that touches a mapped page the file system has no room for gets SIGBUS
     * (a Python process dies of it; a JVM throws an {@link InternalError} from some later access, in
     * whatever code made it). Written here, a full file system is an error of this call, and the
     * file is removed.
     */
    public static MappedByteBuffer create(Path path, long size) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mapped size not in [1, " + Integer.MAX_VALUE + "]: " + size);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 256 * 1024));
            for (long at = 0; at < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += ch.write(zeros, at);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            if (!(e instanceof java.nio.file.FileAlreadyExistsException)) {
                RuntimeDir.deleteQuietly(path);
            }
            throw new MultiprocessingException("cannot create shared memory file " + path + " of " + size
                    + " bytes: " + e + spaceHint(e), e);
        }
    }

    /** What to do when a write failed because the runtime directory's file system is full; else "". */
    public static String spaceHint(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (!m.contains("No space left") && !m.contains("Disk quota")) {
            return "";
        }
        return ". The file system of the runtime directory (" + RuntimeDir.base() + ") is full: free space"
                + " there, make it larger (Docker gives /dev/shm 64 MB unless run with --shm-size), or point -D"
                + RuntimeDir.BASE_PROPERTY + " at a larger directory";
    }

    /**
     * Maps an existing file read-write in this JVM, whole.
     *
     * @throws MultiprocessingException if it is gone (its creator exited or unlinked it) or cannot be mapped
     */
    public static MappedByteBuffer open(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MultiprocessingException("shared memory file " + path
                    + " does not exist (its creating JVM exited or dropped every reference to it, or it was unlinked)", e);
        } catch (IOException e) {
            throw new MultiprocessingException("cannot map shared memory file " + path + ": " + e, e);
        }
    }
}
