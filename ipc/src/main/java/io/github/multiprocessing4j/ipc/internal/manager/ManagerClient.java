package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.AuthenticationException;
import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.MultiprocessingException;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocessing4j.internal.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * This JVM's side of one manager server: a pool of authenticated connections, all in one session.
 *
 * <p>A call borrows a connection, writes its request, reads the reply on the calling thread and gives
 * the connection back: no thread hand-off, one round trip over the socket. A thread blocked in a call
 * (a {@code take} on a queue) holds its connection; other threads open more. Connections live until
 * {@link #close} or the JVM's exit; the server releases the session's references when the last one
 * closes.
 *
 * <p>One instance per server per JVM ({@link #of}); thread-safe.
 */
public final class ManagerClient implements Transport {
    private static final ConcurrentHashMap<Long, ManagerClient> CLIENTS = new ConcurrentHashMap<>();
    private static final ThreadLocal<ManagerClient> RECEIVING = new ThreadLocal<>();

    private final long serverId;
    private final String unixPath;
    private final String host;
    private final int port;
    private final byte[] authkey;
    private final long sessionId = randomLong();
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> decrefs = new ConcurrentLinkedQueue<>();
    private volatile String closedReason;
    /** Keeps the session alive; see {@link #connect()} (guarded by this). */
    private Channel anchor;
    /** Whether the anchor was opened or is being opened (guarded by this). */
    private boolean anchoring;
    private final ThreadLocal<Pinned> pinned = new ThreadLocal<>();
    private final Set<Pinned> allPinned = ConcurrentHashMap.newKeySet();
    /** Pipelined calls are written in batches of about this many bytes... */
    private static final int BATCH_BYTES = 32 * 1024;
    /** ...or after this long, whichever comes first. */
    private static final long LINGER_MILLIS = 5;
    private static final java.util.concurrent.ScheduledExecutorService LINGER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mp4j-manager-linger");
                t.setDaemon(true);
                return t;
            });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ManagerClient c : CLIENTS.values()) {
                c.flushPinned(Duration.ofSeconds(2));
            }
        }, "mp4j-manager-flush"));
    }

    private ManagerClient(long serverId, String unixPath, String host, int port, byte[] authkey) {
        this.serverId = serverId;
        this.unixPath = unixPath;
        this.host = host;
        this.port = port;
        this.authkey = authkey.clone();
    }

    /**
     * A random long from the library's own generator (JCA's SecureRandom costs a fresh JVM tens of
     * milliseconds, and its generateSeed may block).
     */
    static long randomLong() {
        return java.nio.ByteBuffer.wrap(Channel.newSecret()).getLong();
    }

    /** The client of the server {@code token} names, made on first use. */
    static ManagerClient of(Token token) {
        return CLIENTS.computeIfAbsent(token.serverId(),
                id -> new ManagerClient(id, token.unixPath(), token.host(), token.port(), token.authkey()));
    }

    /** Registers the client of a server this JVM just started or connected to. */
    public static ManagerClient open(long serverId, String unixPath, String host, int port, byte[] authkey) {
        ManagerClient c = new ManagerClient(serverId, unixPath, host, port, authkey);
        ManagerClient previous = CLIENTS.putIfAbsent(serverId, c);
        return previous != null ? previous : c;
    }

    /** The client decoding a reply on this thread, if any (for {@link ProxySerializer}). */
    static ManagerClient receiving() {
        return RECEIVING.get();
    }

    long serverId() {
        return serverId;
    }

    /** The token of an object of this server. */
    public Token token(long objectId, Kind kind, String api) {
        return new Token(serverId, unixPath, host, port, authkey, objectId, kind, api);
    }

    /** A new proxy handle for an object this session just created (it holds the creation reference). */
    public ProxyHandle adopt(long objectId, Kind kind, String api) {
        return new ProxyHandle(token(objectId, kind, api), this, true);
    }

    String address() {
        return host != null ? host + ":" + port : "unix:" + unixPath;
    }

    /** Creates an object on the server; the returned id carries one reference held by this session. */
    public long create(Kind kind, String typeid, String api, Object... args) {
        Object[] body = new Object[args.length + 3];
        body[0] = kind.name();
        body[1] = typeid;
        body[2] = api;
        System.arraycopy(args, 0, body, 3, args.length);
        return (Long) request(ManagerProtocol.CREATE, 0, body, "creating a " + (typeid != null ? typeid : kind));
    }

    /**
     * Connects once to a TCP server to learn its pid and id (Manager.connect does this first, so a wrong
     * key fails there).
     *
     * @return {pid, serverId}
     */
    public static long[] probe(String host, int port, byte[] authkey) {
        ManagerClient probe = new ManagerClient(0, null, host, port, authkey);
        try {
            return (long[]) probe.request(ManagerProtocol.PING, 0, null, "connecting");
        } finally {
            probe.close("probe done");
        }
    }

    /** How many objects the server holds; sends this JVM's pending decrefs first. */
    public int numberOfObjects() {
        return (Integer) request(ManagerProtocol.STATS, 0, null, "counting objects");
    }

    @Override
    public Object call(long id, Object[] request, MethodTable table) throws Throwable {
        return exchange(ManagerProtocol.CALL, id, request, table, (Integer) request[0], null);
    }

    @Override
    public void incref(long id) {
        request(ManagerProtocol.INCREF, id, null, "taking a reference to object " + id);
    }

    @Override
    public void decref(long id) {
        if (closedReason == null) {
            decrefs.add(id); // sent ahead of the next request; the session's end releases them anyway
        }
    }

    private Object request(int type, long id, Object body, String what) {
        try {
            return exchange(type, id, body, null, -1, what);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new MultiprocessingException(what + " failed on the manager at " + address() + ": " + t, t);
        }
    }

    private Object exchange(int type, long id, Object body, MethodTable table, int method, String what) throws Throwable {
        Pinned pin = lockedPin();
        Channel c = pin != null ? pin.channel : borrow();
        Channel.Message reply;
        Throwable deferred = null;
        try {
            if (pin != null) {
                pin.inCall = true;
                writeBuffered(pin);
            }
            Long d;
            while ((d = decrefs.poll()) != null) {
                c.send(ManagerProtocol.DECREF, d, null);
            }
            try {
                if (type == ManagerProtocol.CALL) {
                    Object[] request = (Object[]) body;
                    Output out = PipelinedCallLayout.frameBuffer();
                    PipelinedCallLayout.appendFrame(out, ManagerProtocol.CALL_COMPACT, id, method, request, 1);
                    c.write(out.getBuffer(), out.position());
                } else {
                    c.send(type, id, body);
                }
            } catch (EncodingException e) {
                if (pin != null) {
                    pin.lock.unlock(); // nothing was written; pipelined calls may still be in flight on it
                } else {
                    giveBack(c);
                }
                throw new EncodingException("cannot send " + describe(table, method, what) + " to the manager: " + e.getMessage(), e);
            }
            RECEIVING.set(this);
            try {
                reply = c.receive();
                if (reply != null && reply.type() == ManagerProtocol.DEFERRED_ERROR) {
                    deferred = (Throwable) reply.body();
                    reply = c.receive();
                }
            } finally {
                RECEIVING.remove();
            }
        } catch (EncodingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            unpin(pin);
            discard(c);
            throw Thread.currentThread().isInterrupted() ? interrupted(table, method, what) : lost(describe(table, method, what), e);
        }
        if (reply == null) {
            unpin(pin);
            discard(c);
            // an interrupt closes a blocking socket channel, which the channel reports as end-of-stream
            throw Thread.currentThread().isInterrupted() ? interrupted(table, method, what) : lost(describe(table, method, what), null);
        }
        release(pin, c); // the reply came after every pipelined request before it: nothing is pending now
        if (deferred != null) {
            throw deferredFailure(deferred);
        }
        if (reply.type() == ManagerProtocol.ERROR) {
            throw (Throwable) reply.body();
        }
        return reply.body();
    }

    private InterruptedException interrupted(MethodTable table, int method, String what) {
        Thread.interrupted(); // reported by the exception, as the InterruptedException convention has it
        return new InterruptedException("interrupted while waiting for the manager at " + address() + " during "
                + describe(table, method, what) + "; the connection was closed, and the request may still run on"
                + " the server");
    }

    private static MultiprocessingException deferredFailure(Throwable deferred) {
        return new MultiprocessingException("an earlier pipelined call from this thread (DictProxy.set) failed on the"
                + " manager: " + deferred, deferred);
    }

    /**
     * Sends a call whose reply nobody waits for (see {@code DictProxy.set}). The connection stays with
     * this thread until its next waited-for call, so this thread's requests are applied in order and
     * that call returns only after all of them were applied.
     */
    public void callWithoutReply(long id, int method, Object[] args, MethodTable table) {
        Pinned pin = lockedPin();
        if (pin == null) {
            pin = new Pinned(borrow());
            pin.lock.lock();
            pinned.set(pin);
            allPinned.add(pin);
        }
        ProxySerializer.WROTE_PROXY.set(Boolean.FALSE);
        boolean linger = false;
        try {
            PipelinedCallLayout.appendFrame(pin.buffer, id, method, args); // rolled back if it fails
            if (pin.buffer.position() >= BATCH_BYTES) {
                writeBuffered(pin);
            } else if (!pin.lingering) {
                pin.lingering = true;
                linger = true;
            }
        } catch (EncodingException e) {
            throw new EncodingException("cannot send a call of " + table.describe(method)
                    + " to the manager: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            unpinLocked(pin);
            discard(pin.channel);
            throw lost("a call of " + table.describe(method), e);
        } finally {
            if (pin.lock.isHeldByCurrentThread()) {
                pin.lock.unlock();
            }
        }
        if (linger) {
            Pinned p = pin;
            LINGER.schedule(() -> lingerFlush(p), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (ProxySerializer.WROTE_PROXY.get()) {
            // a proxy among the arguments: wait until the server holds its reference, so that a decref
            // sent on another connection cannot overtake it
            request(ManagerProtocol.PING, 0, null, "flushing a pipelined call");
        }
    }

    /** Writes what a pinned connection has batched; the caller holds its lock. */
    private static void writeBuffered(Pinned pin) throws IOException {
        Output out = pin.buffer;
        if (out.position() > 0) {
            pin.channel.write(out.getBuffer(), out.position());
            out.reset();
        }
    }

    /** Sends a batch that waited {@value #LINGER_MILLIS} ms, so other processes see it soon. */
    private void lingerFlush(Pinned pin) {
        if (!pin.lock.tryLock()) {
            if (!pin.inCall) { // a waited-for call writes the batch itself, and then the pin is retired
                LINGER.schedule(() -> lingerFlush(pin), LINGER_MILLIS, TimeUnit.MILLISECONDS); // a set is writing
            }
            return;
        }
        try {
            pin.lingering = false;
            if (!pin.retired) {
                writeBuffered(pin);
            }
        } catch (IOException | RuntimeException e) {
            // the owning thread's next call finds the connection broken and reports it
        } finally {
            pin.lock.unlock();
        }
    }

    /**
     * This thread's pinned connection, locked, or null. A pin that a flush at close or exit handed back to
     * the pool meanwhile is dropped here, so two threads never share a connection.
     */
    private Pinned lockedPin() {
        Pinned pin = pinned.get();
        if (pin == null) {
            return null;
        }
        pin.lock.lock();
        if (pin.retired) {
            pin.lock.unlock();
            pinned.remove();
            return null;
        }
        return pin;
    }

    private void release(Pinned pin, Channel c) {
        if (pin != null) {
            unpinLocked(pin);
        }
        giveBack(c);
    }

    private void unpin(Pinned pin) {
        if (pin != null) {
            unpinLocked(pin);
        }
    }

    private void unpinLocked(Pinned pin) {
        pinned.remove();
        allPinned.remove(pin);
        pin.retired = true;
        if (pin.lock.isHeldByCurrentThread()) {
            pin.lock.unlock();
        }
    }

    /**
     * Waits until every pipelined call of every thread was applied (at JVM exit and before close). An
     * error one of them met is printed on stderr, as nobody is left to throw it to.
     */
    void flushPinned(Duration timeout) {
        for (Pinned pin : allPinned) {
            try {
                if (!pin.lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue; // its thread is blocked in a call: that call's reply flushes it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (!allPinned.contains(pin)) {
                    continue;
                }
                writeBuffered(pin);
                pin.channel.send(ManagerProtocol.PING, 0, null);
                Channel.Message m = pin.channel.receive();
                if (m != null && m.type() == ManagerProtocol.DEFERRED_ERROR) {
                    System.err.println("multiprocessing4j: " + deferredFailure((Throwable) m.body()).getMessage());
                    m = pin.channel.receive();
                }
                allPinned.remove(pin);
                pin.retired = true;
                giveBack(pin.channel);
            } catch (IOException | RuntimeException e) {
                System.err.println("multiprocessing4j: pipelined manager calls may not have been applied: the manager at "
                        + address() + " is unreachable (" + e + ")");
                allPinned.remove(pin);
                pin.retired = true;
                discard(pin.channel);
            } finally {
                pin.lock.unlock();
            }
        }
    }

    /** A connection that a thread keeps while it has pipelined calls in flight. */
    private static final class Pinned {
        final Channel channel;
        final ReentrantLock lock = new ReentrantLock();
        /** Pipelined frames not yet written (guarded by lock). */
        final Output buffer = new Output(BATCH_BYTES + 4096, -1);
        /** Whether a linger flush is scheduled (guarded by lock). */
        boolean lingering;
        /** Whether a flush handed the connection back; the owning thread then drops this pin (guarded by lock). */
        boolean retired;
        /** Set (for good) once a waited-for call uses this pin: it writes the batch before its request. */
        volatile boolean inCall;

        Pinned(Channel channel) {
            this.channel = channel;
        }
    }

    private static String describe(MethodTable table, int method, String what) {
        return what != null ? what : "a call of " + table.describe(method);
    }

    private MultiprocessingException lost(String what, Exception cause) {
        String reason = closedReason;
        if (reason != null) {
            return new MultiprocessingException(what + " failed: " + reason, cause);
        }
        return new MultiprocessingException("the manager server at " + address() + " closed the connection while "
                + what + (cause == null ? "" : " (" + cause + ")") + ": it was shut down or its JVM died", cause);
    }

    private Channel borrow() {
        checkOpen();
        Channel c = idle.pollFirst();
        return c != null ? c : connect();
    }

    private void giveBack(Channel c) {
        if (closedReason != null) {
            discard(c);
        } else {
            idle.offerFirst(c);
        }
    }

    private void discard(Channel c) {
        open.remove(c);
        c.close();
    }

    private void checkOpen() {
        String reason = closedReason;
        if (reason != null) {
            throw new MultiprocessingException("cannot use a proxy of the manager at " + address() + ": " + reason);
        }
    }

    /**
     * A new connection in this session. The first one made also opens the session's anchor: a connection
     * never lent to a call, so the session (and the references it holds) lives as long as this client,
     * even when every working connection was dropped (an interrupted call, say).
     */
    private Channel connect() {
        Channel c = open();
        synchronized (this) {
            if (!anchoring) {
                anchoring = true;
                // off the caller's path: the first call should not pay a second handshake
                LINGER.execute(this::openAnchor);
            }
        }
        return c;
    }

    private void openAnchor() {
        Channel a;
        try {
            a = open();
        } catch (RuntimeException e) {
            synchronized (this) {
                anchoring = false; // the next connection tries again
            }
            return;
        }
        synchronized (this) {
            if (closedReason == null) {
                anchor = a;
                return;
            }
        }
        a.close();
    }

    private Channel open() {
        String peer = "manager server at " + address();
        Channel c;
        try {
            if (unixPath != null && (host == null || Files.exists(Path.of(unixPath)))) {
                c = Channel.connect(Path.of(unixPath), authkey, peer);
            } else {
                SocketChannel s = SocketChannel.open();
                try {
                    s.connect(new InetSocketAddress(host, port));
                    s.socket().setTcpNoDelay(true);
                } catch (IOException | RuntimeException e) {
                    s.close();
                    throw e;
                }
                c = Channel.authenticate(s, authkey, peer, false);
            }
            c.send(ManagerProtocol.HELLO, sessionId, null);
        } catch (AuthenticationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            checkOpen();
            throw new MultiprocessingException("cannot reach the " + peer + ": " + e
                    + " (was it shut down, or did its JVM die?)", e);
        }
        open.add(c);
        return c;
    }

    /**
     * Closes every connection (the server then releases this session's references); later calls fail
     * with {@code reason}. Idempotent.
     */
    public void close(String reason) {
        if (closedReason == null) {
            flushPinned(Duration.ofSeconds(2));
        }
        closedReason = reason;
        CLIENTS.remove(serverId, this);
        Channel c;
        while ((c = idle.pollFirst()) != null) {
            discard(c);
        }
        for (Channel o : open) {
            o.close(); // a thread blocked in a call sees end-of-stream and fails with the reason
        }
        synchronized (this) {
            if (anchor != null) {
                anchor.close();
            }
        }
        open.clear();
    }
}
