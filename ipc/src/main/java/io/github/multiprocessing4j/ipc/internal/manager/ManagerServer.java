package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.SerializableCallable;
import io.github.multiprocessing4j.SerializableRunnable;
import io.github.multiprocessing4j.internal.Channel;
import io.github.multiprocessing4j.internal.ChannelOwner;
import io.github.multiprocessing4j.internal.ChildRuntime;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.internal.WorkerMain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manager server: the target of the server JVM, which the owner starts as a daemon child. It
 * listens on a Unix socket in its own runtime directory (removed when it exits, swept if it is
 * killed) and, for a remote manager, on TCP; every accepted connection gets its own thread, which
 * authenticates it (a wrong key closes only that connection) and then serves its requests in order.
 *
 * <p>It talks to its owner over the child's parent channel ({@link ManagerProtocol} control frames) and
 * exits when told to or when that channel ends, so it never outlives its owner. The authkey and the
 * registered factories travel inside this target, encoded on the authenticated channel, never in argv.
 */
public final class ManagerServer implements SerializableRunnable, ChannelOwner {
    private final byte[] authkey;
    private final String tcpHost;
    private final int tcpPort;
    private final HashMap<String, Registry.Registration> registrations;

    private transient Registry registry;
    private transient Set<Channel> connections;
    private transient volatile boolean stopping;

    /**
     * Called by the owner's {@code Manager.Builder}: {@code tcp} null for a local manager; the
     * registered factories and interfaces by type id.
     */
    public ManagerServer(byte[] authkey, InetSocketAddress tcp, Map<String, SerializableCallable<?>> factories,
                         Map<String, Class<?>> apis) {
        this.authkey = authkey.clone();
        this.tcpHost = tcp == null ? null : tcp.getHostString();
        this.tcpPort = tcp == null ? -1 : tcp.getPort();
        this.registrations = new HashMap<>();
        factories.forEach((name, f) -> registrations.put(name, new Registry.Registration(f, apis.get(name))));
    }

    @Override
    public void run() {
        Channel parent = ChildRuntime.channel();
        long serverId = ManagerClient.randomLong();
        registry = new Registry(serverId, registrations);
        connections = ConcurrentHashMap.newKeySet();
        ServerSocketChannel unix;
        ServerSocketChannel tcp = null;
        Path path = RuntimeDir.newPath("mgr", ".sock");
        try {
            unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            unix.bind(UnixDomainSocketAddress.of(path), 128);
            if (tcpHost != null) {
                tcp = ServerSocketChannel.open();
                tcp.bind(new InetSocketAddress(tcpHost, tcpPort), 128);
            }
        } catch (IOException | RuntimeException e) {
            fail(parent, new MultiprocessingException("the manager server cannot listen on "
                    + (tcpHost == null ? path.toString() : tcpHost + ":" + tcpPort) + ": " + e));
            return;
        }
        int port = tcp == null ? -1 : ((InetSocketAddress) localAddress(tcp)).getPort();
        daemon("mp4j-manager-accept-unix", acceptLoop(unix));
        if (tcp != null) {
            daemon("mp4j-manager-accept-tcp", acceptLoop(tcp));
        }
        daemon("mp4j-manager-warmup", ManagerServer::warmUp);
        try {
            parent.send(ManagerProtocol.READY, 0, new Object[] {path.toString(), port, serverId});
            while (true) {
                Channel.Message m = parent.receive();
                if (m == null) {
                    break; // the owner died: exit (not halt), so the socket's directory is removed
                }
                if (m.type() == ManagerProtocol.SHUTDOWN) {
                    shutdown(unix, tcp);
                    System.exit(0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a broken control channel means the owner is gone
        }
        System.exit(WorkerMain.EXIT_PARENT_DIED);
    }

    /**
     * Runs the decode-and-dispatch path of calls a few thousand times on a scratch dict while the first
     * clients are still starting, so that their first requests are not served by the interpreter: a
     * fresh server is otherwise several times slower for its first thousands of requests.
     */
    private static void warmUp() {
        try {
            Registry scratch = new Registry(0, Map.of());
            Registry.Session s = scratch.connect(0);
            long id = scratch.create(s, Kind.DICT, null, null, new Object[0]);
            int put = MethodTable.of(ServerObjects.DictOps.class).index("put", Object.class, Object.class);
            com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(4096, -1);
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                out.reset();
                PipelinedCallLayout.appendFrame(out, id, put, new Object[] {i, i});
                byte[] body = java.util.Arrays.copyOfRange(out.getBuffer(),
                        io.github.multiprocessing4j.internal.FrameLayout.BODY_OFFSET, out.position());
                scratch.invoke(id, PipelinedCallLayout.read(body));
            }
        } catch (Throwable ignored) {
            // only a speed-up
        }
    }

    private static final int WARM_UP_CALLS = 5_000;

    private static java.net.SocketAddress localAddress(ServerSocketChannel s) {
        try {
            return s.getLocalAddress();
        } catch (IOException e) {
            throw new MultiprocessingException("cannot read the manager's TCP address: " + e, e);
        }
    }

    private void shutdown(ServerSocketChannel unix, ServerSocketChannel tcp) {
        stopping = true;
        for (ServerSocketChannel listener : new ServerSocketChannel[] {unix, tcp}) {
            try {
                if (listener != null) {
                    listener.close();
                }
            } catch (IOException ignored) {
                // exiting anyway
            }
        }
        for (Channel c : connections) {
            c.close(); // clients blocked in a call see end-of-stream and fail with "shut down"
        }
    }

    private static void fail(Channel parent, MultiprocessingException e) {
        try {
            parent.send(ManagerProtocol.FAILED, 0, e);
        } catch (IOException ignored) {
            // the owner is gone as well
        }
        System.exit(1);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private Runnable acceptLoop(ServerSocketChannel listener) {
        return () -> {
            while (!stopping) {
                SocketChannel s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                daemon("mp4j-manager-connection", () -> serve(s));
            }
        };
    }

    private void serve(SocketChannel s) {
        Channel ch;
        try {
            if (s.getRemoteAddress() instanceof InetSocketAddress) {
                s.socket().setTcpNoDelay(true);
            }
            ch = Channel.authenticate(s, authkey, "manager client", true);
        } catch (IOException | RuntimeException e) {
            return; // wrong key or not our protocol: that connection is closed, the others carry on
        }
        connections.add(ch);
        if (stopping) {
            ch.close();
        }
        LocalTransport local = new LocalTransport(registry);
        Registry.Session session = null;
        boolean deferredErrorSent = false;
        ProxySerializer.SERVER.set(new ProxySerializer.ServerSide(registry, null, local));
        try {
            while (true) {
                Channel.Message m;
                try {
                    m = ch.receive();
                } catch (EncodingException e) {
                    // the frame was read whole but its body does not decode here (a class missing on the
                    // server's class path, say): that request fails, the connection stays in step
                    reply(ch, ManagerProtocol.ERROR, 0, e);
                    continue;
                }
                if (m == null) {
                    return;
                }
                if ((m.type() & 0xFF) == ManagerProtocol.CALL_NO_REPLY) { // the type byte arrives sign-extended
                    try {
                        byte[] raw = (byte[]) m.body();
                        registry.invoke(m.id(), PipelinedCallLayout.read(raw));
                    } catch (Throwable t) {
                        if (!deferredErrorSent) {
                            deferredErrorSent = true;
                            reply(ch, ManagerProtocol.DEFERRED_ERROR, m.id(), t);
                        }
                    }
                    continue;
                }
                int type = m.type() & 0xFF; // the type byte arrives sign-extended
                if (type != ManagerProtocol.DECREF && type != ManagerProtocol.HELLO) {
                    deferredErrorSent = false; // this request's reply follows any deferred error already sent
                }
                switch (type) {
                    case ManagerProtocol.HELLO:
                        if (session == null) {
                            session = registry.connect(m.id());
                            ProxySerializer.SERVER.set(new ProxySerializer.ServerSide(registry, session, local));
                        }
                        break;
                    case ManagerProtocol.CALL:
                    case ManagerProtocol.CALL_COMPACT: {
                        Object result;
                        Object[] request;
                        try {
                            request = type == ManagerProtocol.CALL ? (Object[]) m.body()
                                    : PipelinedCallLayout.read((byte[]) m.body());
                            result = registry.invoke(m.id(), request);
                        } catch (Throwable t) {
                            reply(ch, ManagerProtocol.ERROR, m.id(), t);
                            break;
                        }
                        try {
                            reply(ch, ManagerProtocol.RESULT, m.id(), result);
                        } catch (IOException e) {
                            // the client left while the call waited (an interrupted take): give back what
                            // the call took. A Unix socket reports the closed peer on this first write;
                            // TCP may only on a later one, so over TCP this is best effort.
                            registry.undo(m.id(), request, result);
                            throw e;
                        }
                        break;
                    }
                    case ManagerProtocol.CREATE:
                        try {
                            Object[] b = (Object[]) m.body();
                            Object[] args = java.util.Arrays.copyOfRange(b, 3, b.length);
                            long id = registry.create(requireSession(session), Kind.valueOf((String) b[0]), (String) b[1],
                                    (String) b[2], args);
                            reply(ch, ManagerProtocol.RESULT, 0, id);
                        } catch (Throwable t) {
                            reply(ch, ManagerProtocol.ERROR, 0, t);
                        }
                        break;
                    case ManagerProtocol.INCREF:
                        try {
                            registry.incref(requireSession(session), m.id());
                            reply(ch, ManagerProtocol.RESULT, m.id(), null);
                        } catch (RuntimeException e) {
                            reply(ch, ManagerProtocol.ERROR, m.id(), e);
                        }
                        break;
                    case ManagerProtocol.DECREF:
                        if (session != null) {
                            registry.decref(session, m.id());
                        }
                        break;
                    case ManagerProtocol.STATS:
                        reply(ch, ManagerProtocol.RESULT, 0, registry.size());
                        break;
                    case ManagerProtocol.PING:
                        reply(ch, ManagerProtocol.RESULT, 0, new long[] {ProcessHandle.current().pid(), registry.serverId()});
                        break;
                    default:
                        reply(ch, ManagerProtocol.ERROR, m.id(), new MultiprocessingException(
                                "unknown manager request type 0x" + Integer.toHexString(m.type())));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent a corrupt frame: only this connection ends
        } finally {
            ProxySerializer.SERVER.remove();
            connections.remove(ch);
            ch.close();
            registry.disconnect(session);
        }
    }

    private static Registry.Session requireSession(Registry.Session s) {
        if (s == null) {
            throw new MultiprocessingException("a manager request came before the client said HELLO");
        }
        return s;
    }

    private static void reply(Channel ch, int type, long id, Object body) throws IOException {
        try {
            ch.send(type, id, body);
        } catch (EncodingException e) {
            ch.send(ManagerProtocol.ERROR, id, new EncodingException("the manager cannot send back the "
                    + (type == ManagerProtocol.ERROR ? "exception" : "result") + ": " + e.getMessage(), e));
        }
    }

    /** Calls from proxies that live inside the server go straight to the registry. */
    private static final class LocalTransport implements Transport {
        private final Registry registry;

        LocalTransport(Registry registry) {
            this.registry = registry;
        }

        @Override
        public Object call(long id, Object[] request, MethodTable table) throws Throwable {
            return registry.invoke(id, request);
        }

        @Override
        public void incref(long id) {
            registry.incref(registry.local, id);
        }

        @Override
        public void decref(long id) {
            registry.decref(registry.local, id);
        }
    }
}
