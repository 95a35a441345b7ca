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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's doorbell: a Unix domain socket {@code bell.sock} in its {@link RuntimeDir} on which other JVMs
 * write the 8-byte ids of wait sets whose sleepers here must re-check. Other JVMs find it by pid
 * ({@code <base>/mp4j-<pid>-*}/bell.sock) and keep one connection per pid.
 *
 * <p>No thread of its own reads it: one of the sleeping threads, the <em>reader</em>, sleeps in
 * {@link Selector#select} on it instead of parking, so a ring for the reader's own wait set wakes it with
 * one context switch; rings for other wait sets it passes on by unparking their sleepers. When the reader
 * stops sleeping it unparks the other sleepers, and the first to sleep again takes the role over
 * (leader/followers). A local wake-up unparks sleepers and wakes the selector.
 *
 * <p>The bell exists only while some thread of this JVM sleeps, plus {@link #IDLE_CLOSE_NANOS}: a daemon
 * timer closes it (socket file removed) after that idle time, so an idle JVM leaves nothing in its
 * runtime directory. A shutdown hook closes it too: a thread blocked in native code delays JVM exit by up
 * to 300 ms.
 */
final class Bell {
    static final String FILE_NAME = "bell.sock";
    static final long IDLE_CLOSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long PID = ProcessHandle.current().pid();

    private static final Bell INSTANCE = new Bell();

    /** wait-set id → this JVM's threads sleeping on it. */
    private final ConcurrentHashMap<Long, Set<Thread>> sleepers = new ConcurrentHashMap<>();
    /** pid → connection to that JVM's bell. */
    private final ConcurrentHashMap<Long, Outgoing> outgoing = new ConcurrentHashMap<>();
    /** The sleeper that selects on the bell, or null. Only it touches the selector's keys. */
    private final AtomicReference<Thread> reader = new AtomicReference<>();

    private final Object lock = new Object();
    private int users;                  // guarded by lock
    private long idleSince;             // guarded by lock
    private volatile Selector selector; // written under lock; null when closed
    private ServerSocketChannel server; // guarded by lock
    private Path path;                  // guarded by lock
    private boolean hookAdded;          // guarded by lock
    private boolean shuttingDown;       // guarded by lock
    private boolean closeScheduled;     // guarded by lock
    private ScheduledThreadPoolExecutor timer; // guarded by lock

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

    /**
     * Sleeps the calling thread, which {@link #enter}ed, for at most {@code nanos}: as the reader on the
     * bell's selector if the role is free, else parked. Returns early, possibly spuriously, after a ring,
     * a local wake-up or an interrupt (whose flag stays set).
     */
    void sleep(long nanos) {
        Thread me = Thread.currentThread();
        Selector sel = selector;
        if (sel == null || !(reader.get() == me || reader.compareAndSet(null, me))) {
            LockSupport.parkNanos(this, nanos);
            return;
        }
        try {
            sel.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
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
                    read(k, me);
                }
            }
        } catch (ClosedSelectorException e) {
            // shutting down: the caller's periodic re-check carries on
        } catch (IOException e) {
            LockSupport.parkNanos(this, nanos); // a broken bell: sleep like a non-reader, re-check later
        }
    }

    /** Undoes {@link #enter} after it returned true; a leaving reader hands its role to another sleeper. */
    void exit(long id, Thread thread) {
        sleepers.computeIfPresent(id, (k, s) -> {
            s.remove(thread);
            return s.isEmpty() ? null : s;
        });
        if (reader.get() == thread) {
            // Every other sleeper re-checks and the first back to sleep takes the role; waking only one could
            // pick a thread on its way out and leave rings unread until a periodic re-check.
            reader.set(null);
            for (Set<Thread> s : sleepers.values()) {
                for (Thread t : s) {
                    LockSupport.unpark(t);
                }
            }
        }
        synchronized (lock) {
            if (--users == 0) {
                idleSince = System.nanoTime();
                scheduleIdleClose(IDLE_CLOSE_NANOS);
            }
        }
    }

    /** Wakes this JVM's threads sleeping on wait set {@code id}, the reader included. */
    void wakeLocal(long id) {
        Set<Thread> s = sleepers.get(id);
        if (s != null) {
            for (Thread t : s) {
                LockSupport.unpark(t);
            }
            Selector sel = selector;
            if (sel != null && !s.isEmpty()) {
                sel.wakeup(); // the reader selects instead of parking; a wake-up nobody consumed is one spurious re-check
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
        path = p;
        idleSince = System.nanoTime();
        selector = sel;
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "mp4j-bell-close"));
            hookAdded = true;
        }
    }

    // guarded by lock
    private void scheduleIdleClose(long delayNanos) {
        if (closeScheduled || selector == null) {
            return;
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "mp4j-bell-idle-close");
                t.setDaemon(true);
                return t;
            });
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
        }
        closeScheduled = true;
        timer.schedule(this::closeIfIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void closeIfIdle() {
        synchronized (lock) {
            closeScheduled = false;
            if (users != 0) {
                return;
            }
            long idle = System.nanoTime() - idleSince;
            if (idle >= IDLE_CLOSE_NANOS) {
                closeLocked();
            } else {
                scheduleIdleClose(IDLE_CLOSE_NANOS - idle);
            }
        }
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
        Selector sel = selector;
        if (sel == null) {
            return;
        }
        selector = null;
        try {
            for (SelectionKey k : sel.keys()) {
                k.channel().close();
            }
        } catch (IOException | ClosedSelectorException ignored) {
            // closing anyway
        }
        try {
            sel.close();
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the runtime directory goes at exit anyway
        }
        server = null;
    }

    /** Reads whole 8-byte ids and wakes their sleepers other than the reader itself, which returns anyway. */
    private void read(SelectionKey k, Thread me) throws IOException {
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
            Set<Thread> s = sleepers.get(buf.getLong());
            if (s != null) {
                for (Thread t : s) {
                    if (t != me) {
                        LockSupport.unpark(t);
                    }
                }
            }
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
