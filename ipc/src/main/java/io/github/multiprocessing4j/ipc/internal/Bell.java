package io.github.multiprocessing4j.ipc.internal;

import io.github.multiprocessing4j.internal.RuntimeDir;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's doorbell: a Unix domain socket {@code bell.sock} in its {@link RuntimeDir} and one daemon
 * thread that reads 8-byte wait-set ids from it and unparks this JVM's threads sleeping on those wait
 * sets. Other JVMs find the bell by pid ({@code <base>/mp4j-<pid>-*}/bell.sock) and keep one connection
 * per pid.
 *
 * <p>The bell exists only while some thread of this JVM sleeps, plus {@link #IDLE_CLOSE_NANOS}: it is
 * opened by the first sleeper and closed (socket file removed) by its thread after that idle time, so an
 * idle JVM leaves nothing in its runtime directory and runs no thread. A shutdown hook closes it too, as
 * a thread blocked in native code delays JVM exit by up to 300 ms.
 */
final class Bell {
    static final String FILE_NAME = "bell.sock";
    static final long IDLE_CLOSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SELECT_MILLIS = 250;
    private static final long PID = ProcessHandle.current().pid();

    private static final Bell INSTANCE = new Bell();

    /** wait-set id → this JVM's threads sleeping on it. */
    private final ConcurrentHashMap<Long, Set<Thread>> sleepers = new ConcurrentHashMap<>();
    /** pid → connection to that JVM's bell. */
    private final ConcurrentHashMap<Long, Outgoing> outgoing = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    private int users;                 // guarded by lock
    private long idleSince;            // guarded by lock
    private Selector selector;         // guarded by lock; null when closed
    private ServerSocketChannel server; // guarded by lock
    private Path path;                 // guarded by lock
    private boolean hookAdded;         // guarded by lock
    private boolean shuttingDown;      // guarded by lock

    private Bell() {
    }

    static Bell get() {
        return INSTANCE;
    }

    static long pid() {
        return PID;
    }

    /**
     * Registers {@code thread} as sleeping on wait set {@code id} and makes sure the bell is open.
     *
     * @return false if the bell cannot be opened (JVM shutting down, no runtime directory); the caller
     *     must then poll
     */
    boolean enter(long id, Thread thread) {
        synchronized (lock) {
            if (shuttingDown) {
                return false;
            }
            if (selector == null) {
                try {
                    open();
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
            users++;
        }
        sleepers.compute(id, (k, s) -> {
            Set<Thread> set = s != null ? s : ConcurrentHashMap.newKeySet();
            set.add(thread);
            return set;
        });
        return true;
    }

    /** Undoes {@link #enter} after it returned true. */
    void exit(long id, Thread thread) {
        sleepers.computeIfPresent(id, (k, s) -> {
            s.remove(thread);
            return s.isEmpty() ? null : s;
        });
        synchronized (lock) {
            if (--users == 0) {
                idleSince = System.nanoTime();
            }
        }
    }

    /** Unparks this JVM's threads sleeping on wait set {@code id}. */
    void wakeLocal(long id) {
        Set<Thread> s = sleepers.get(id);
        if (s != null) {
            for (Thread t : s) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Rings the bell of JVM {@code pid} for wait set {@code id}.
     *
     * @return false if that JVM has no bell open (its sleepers left, or it is gone)
     */
    boolean ring(long pid, long id) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Outgoing out = outgoing.get(pid);
            if (out == null) {
                Path p = find(pid);
                if (p == null) {
                    return false;
                }
                try {
                    out = new Outgoing(SocketChannel.open(UnixDomainSocketAddress.of(p)));
                } catch (IOException e) {
                    return false; // bell closed meanwhile: nobody of that JVM sleeps any more
                }
                Outgoing raced = outgoing.putIfAbsent(pid, out);
                if (raced != null) {
                    out.close();
                    out = raced;
                }
            }
            if (out.send(id)) {
                return true;
            }
            outgoing.remove(pid, out);
            out.close();
        }
        return false;
    }

    private static Path find(long pid) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(RuntimeDir.base(), RuntimeDir.PREFIX + pid + "-*")) {
            for (Path d : dirs) {
                Path bell = d.resolve(FILE_NAME);
                if (RuntimeDir.ownerPid(d.getFileName().toString()) == pid && Files.exists(bell)) {
                    return bell;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    // guarded by lock
    private void open() throws IOException {
        Path p = RuntimeDir.get().resolve(FILE_NAME);
        Files.deleteIfExists(p);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector sel;
        try {
            s.bind(UnixDomainSocketAddress.of(p));
            s.configureBlocking(false);
            sel = Selector.open();
            s.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            s.close();
            Files.deleteIfExists(p);
            throw e;
        }
        server = s;
        selector = sel;
        path = p;
        idleSince = System.nanoTime();
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "mp4j-bell-close"));
            hookAdded = true;
        }
        Thread t = new Thread(() -> serve(sel), "mp4j-bell");
        t.setDaemon(true);
        t.start();
    }

    private void shutdown() {
        synchronized (lock) {
            shuttingDown = true;
            closeLocked();
        }
        for (Outgoing o : outgoing.values()) {
            o.close();
        }
    }

    // guarded by lock
    private void closeLocked() {
        if (selector == null) {
            return;
        }
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
        } catch (IOException | ClosedSelectorException ignored) {
            // closing anyway
        }
        try {
            selector.close();
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the runtime directory goes at exit anyway
        }
        selector = null;
        server = null;
    }

    private void serve(Selector sel) {
        try {
            while (true) {
                sel.select(SELECT_MILLIS);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(sel, SelectionKey.OP_READ, ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder()));
                        }
                    } else if (k.isReadable()) {
                        read(k);
                    }
                }
                synchronized (lock) {
                    if (selector != sel) {
                        return; // closed by shutdown
                    }
                    if (users == 0 && System.nanoTime() - idleSince > IDLE_CLOSE_NANOS) {
                        closeLocked();
                        return;
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // shut down
        } catch (IOException e) {
            synchronized (lock) {
                if (selector == sel) {
                    closeLocked(); // sleepers fall back to their periodic re-check, the next one reopens
                }
            }
        }
    }

    private void read(SelectionKey k) throws IOException {
        SocketChannel c = (SocketChannel) k.channel();
        ByteBuffer buf = (ByteBuffer) k.attachment();
        int n;
        try {
            n = c.read(buf);
        } catch (IOException e) {
            n = -1;
        }
        buf.flip();
        while (buf.remaining() >= Long.BYTES) {
            wakeLocal(buf.getLong());
        }
        buf.compact();
        if (n < 0) {
            k.cancel();
            c.close();
        }
    }

    /** One connection to another JVM's bell; writes are serialized. */
    private static final class Outgoing {
        private final SocketChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());

        Outgoing(SocketChannel channel) {
            this.channel = channel;
        }

        synchronized boolean send(long id) {
            buf.clear();
            buf.putLong(id).flip();
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
