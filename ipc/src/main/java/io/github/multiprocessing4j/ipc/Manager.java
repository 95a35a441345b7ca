package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.SerializableCallable;
import io.github.multiprocessing4j.internal.Channel;
import io.github.multiprocessing4j.internal.Child;
import io.github.multiprocessing4j.internal.ChildLauncher;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.internal.MessageTypes;
import io.github.multiprocessing4j.ipc.internal.manager.Kind;
import io.github.multiprocessing4j.ipc.internal.manager.ManagerClient;
import io.github.multiprocessing4j.ipc.internal.manager.ManagerProtocol;
import io.github.multiprocessing4j.ipc.internal.manager.ManagerServer;
import io.github.multiprocessing4j.ipc.internal.manager.Proxies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;

/**
 * A server JVM that hosts shared objects, and the proxies that reach them: Python's
 * {@code multiprocessing.Manager()} / {@code BaseManager}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     DictProxy<Object, Object> d = manager.dict();
 *     ListProxy<Integer> l = manager.list(List.of(0, 1, 2));
 *     JvmProcess p = new JvmProcess(() -> { d.put(1, "1"); l.reverse(); });
 *     p.start();
 *     p.join();
 *     System.out.println(d + " " + l);   // {1=1} [2, 1, 0]
 * }
 * }</pre>
 *
 * <p>A remote manager, and a user type hosted by the server (Python's {@code BaseManager.register}):
 * <pre>{@code
 * // on the server machine
 * Manager server = Manager.builder()
 *         .register("Counter", Counter::new, CounterApi.class)
 *         .address(new InetSocketAddress("10.0.0.5", 50000), authkey)
 *         .start();
 * // on any machine that knows the address and the key
 * try (Manager m = Manager.connect(new InetSocketAddress("10.0.0.5", 50000), authkey)) {
 *     CounterApi counter = m.create("Counter", CounterApi.class);
 *     counter.increment(1);
 * }
 * }</pre>
 *
 * <h2>Proxies</h2>
 * Every factory method creates an object in the server and returns a proxy to it. A proxy may be used
 * from any thread, captured by a {@link io.github.multiprocessing4j.JvmProcess} target or a pool task,
 * or stored inside another manager object: it travels as a reference (server, object id, authkey),
 * never as a copy, so every copy reaches the same server object. Each call is one round trip over the
 * manager's Unix socket (TCP for a remote manager), about 10 µs; the calling thread blocks until the
 * server has run it. A call whose server is gone fails with a {@link MultiprocessingException} saying
 * so, never hangs.
 *
 * <p>Interrupts: a thread blocked in a call (a queue's {@code take}, a lock) that is interrupted gets an
 * {@link InterruptedException} (or, from methods that cannot throw it, a {@link MultiprocessingException}
 * with the interrupt flag set) and its connection is closed. The request keeps waiting in the server, as
 * in Python; when it completes and its reply cannot be delivered, the server gives back what it took
 * (the element goes back to the head of the queue, the lock or permits are released). Over a Unix
 * socket that is reliable; over TCP a reply to a vanished client may appear delivered, so prefer
 * timeouts to interrupts there.
 *
 * <h2>Lifetime of objects</h2>
 * An object lives while a proxy to it is reachable somewhere: each proxy holds one reference on the
 * server, given back when the proxy is garbage-collected (through a {@link java.lang.ref.Cleaner}, sent
 * with the JVM's next request), and all of a JVM's references are given back when its connections
 * close (it exits, or calls {@link #close()}). A proxy sent to another JVM takes its own reference when
 * it is first used there, so keep the original reachable until then (as Python requires); a proxy
 * stored in a manager object holds its reference from the server itself.
 *
 * <h2>Security</h2>
 * Every connection, Unix or TCP, must prove it knows the authkey (an HMAC-SHA256 challenge) before any
 * byte is decoded, since decoding is code execution; a wrong key gets an
 * {@link io.github.multiprocessing4j.AuthenticationException} and the server goes on serving the
 * others. A local manager uses a fresh random 32-byte key; the key reaches the server JVM inside its
 * encoded target on an authenticated channel, never in its command line or environment.
 *
 * <p>Thread-safety: all methods may be called from any thread. Memory consistency: the server applies
 * calls in the order it receives them, so actions before a call that returned happen-before every call
 * (from any JVM) that observes its effect.
 */
public final class Manager implements AutoCloseable {
    private static final int LOCAL_KEY_BYTES = 32;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ManagerClient client;
    private final Child server;
    private final InetSocketAddress address;
    private final long serverPid;
    private volatile boolean closed;

    private Manager(ManagerClient client, Child server, InetSocketAddress address, long serverPid) {
        this.client = client;
        this.server = server;
        this.address = address;
        this.serverPid = serverPid;
    }

    /**
     * Starts a local manager: a daemon server JVM reachable only through a Unix socket in a private
     * directory, with a random authkey. Blocks for about one JVM start-up.
     *
     * @throws MultiprocessingException if the server JVM cannot start
     */
    public static Manager start() {
        return builder().start();
    }

    /**
     * Starts a manager that also serves TCP on {@code address} (port 0: any free port, see
     * {@link #address()}), for {@link #connect} from other machines.
     *
     * @param address the address to bind; it must be given explicitly (for example
     *                {@code new InetSocketAddress("127.0.0.1", 50000)})
     * @param authkey the shared secret every client must know; not empty
     * @throws IllegalArgumentException if {@code address} is null or {@code authkey} null or empty
     */
    public static Manager start(InetSocketAddress address, byte[] authkey) {
        return builder().address(address, authkey).start();
    }

    /**
     * Connects to a manager started elsewhere with {@link #start(InetSocketAddress, byte[])}. Blocks for
     * one connection and handshake.
     *
     * @throws io.github.multiprocessing4j.AuthenticationException if the server does not accept {@code authkey}
     * @throws MultiprocessingException if nothing answers at {@code address}
     */
    public static Manager connect(InetSocketAddress address, byte[] authkey) {
        Objects.requireNonNull(address, "address");
        checkKey(authkey);
        long[] pidAndId = ManagerClient.probe(address.getHostString(), address.getPort(), authkey);
        long pid = pidAndId[0];
        ManagerClient client = ManagerClient.open(pidAndId[1], null, address.getHostString(), address.getPort(), authkey);
        return new Manager(client, null, address, pid);
    }

    /** A builder for registered types, a TCP address or JVM options. */
    public static Builder builder() {
        return new Builder();
    }

    private static void checkKey(byte[] authkey) {
        if (authkey == null || authkey.length == 0) {
            throw new IllegalArgumentException("a manager reachable over TCP needs a non-empty authkey, got "
                    + (authkey == null ? "null" : "an empty one"));
        }
    }

    /** A new empty dict ({@code manager.dict()}). */
    public <K, V> DictProxy<K, V> dict() {
        return create(Kind.DICT, (Object) null);
    }

    /** A new dict holding a copy of {@code items} ({@code manager.dict(items)}). */
    public <K, V> DictProxy<K, V> dict(Map<? extends K, ? extends V> items) {
        return create(Kind.DICT, new LinkedHashMap<>(items));
    }

    /** A new empty list ({@code manager.list()}). */
    public <E> ListProxy<E> list() {
        return create(Kind.LIST, (Object) null);
    }

    /** A new list holding a copy of {@code items} ({@code manager.list(range(10))}). */
    public <E> ListProxy<E> list(Collection<? extends E> items) {
        return create(Kind.LIST, new ArrayList<>(items));
    }

    /** A new namespace ({@code manager.Namespace()}). */
    public Namespace namespace() {
        return create(Kind.NAMESPACE);
    }

    /** A new unbounded FIFO queue ({@code manager.Queue()}), elements held by the server. */
    public <E> BlockingQueue<E> queue() {
        return queue(0);
    }

    /** A new FIFO queue of at most {@code maxsize} elements; {@code maxsize <= 0} means unbounded, as in Python. */
    public <E> BlockingQueue<E> queue(int maxsize) {
        return create(Kind.QUEUE, maxsize);
    }

    /** A new value holding {@code initial} ({@code manager.Value(typecode, initial)}). */
    public <T> ValueProxy<T> value(T initial) {
        return create(Kind.VALUE, initial);
    }

    /** A new lock ({@code manager.Lock()}): not reentrant, any thread of any process may unlock it. */
    public Lock lock() {
        return create(Kind.LOCK);
    }

    /** A new reentrant lock ({@code manager.RLock()}), owned by one thread of one JVM. */
    public Lock rlock() {
        return create(Kind.RLOCK);
    }

    /** A new event ({@code manager.Event()}). */
    public EventProxy event() {
        return create(Kind.EVENT);
    }

    /**
     * A new semaphore with {@code permits} permits ({@code manager.Semaphore(n)}).
     *
     * @throws IllegalArgumentException if {@code permits < 0}
     */
    public SemaphoreProxy semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits < 0: " + permits);
        }
        return create(Kind.SEMAPHORE, permits);
    }

    /**
     * A new barrier for {@code parties} parties ({@code manager.Barrier(n)}).
     *
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    public BarrierProxy barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties < 1: " + parties);
        }
        return create(Kind.BARRIER, parties);
    }

    /**
     * A new object of a type registered with {@link Builder#register}, made on the server by its
     * factory, and a {@link java.lang.reflect.Proxy} implementing {@code api} that forwards every call
     * to it (Python's {@code manager.Counter()} after {@code register('Counter', Counter)}). As in Python,
     * the server calls the object concurrently, one thread per client connection, and takes no lock: the
     * registered type must be thread-safe, and its methods may block (a shared queue's {@code take}).
     * A factory that returns the same object every time ({@code () -> SHARED_QUEUE}) gives every client
     * that object, as Python's {@code register('get_queue', callable=lambda: queue)} does.
     *
     * @param api the registered interface, or an interface it extends
     * @throws IllegalArgumentException if {@code typeid} is not registered, or not with a subtype of {@code api}
     */
    @SuppressWarnings("unchecked")
    public <I> I create(String typeid, Class<I> api) {
        Objects.requireNonNull(typeid, "typeid");
        if (!api.isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface: a registered type is reached"
                    + " through an interface it implements");
        }
        checkOpen();
        long id = client.create(Kind.REGISTERED, typeid, api.getName());
        return (I) Proxies.newProxy(client.adopt(id, Kind.REGISTERED, api.getName()));
    }

    @SuppressWarnings("unchecked")
    private <T> T create(Kind kind, Object... args) {
        checkOpen();
        long id = client.create(kind, null, null, args);
        return (T) Proxies.newProxy(client.adopt(id, kind, null));
    }

    private void checkOpen() {
        if (closed) {
            throw new MultiprocessingException("the manager was closed: it cannot create objects any more");
        }
    }

    /** The TCP address clients {@link #connect} to (the bound port if 0 was asked), or null for a local manager. */
    public InetSocketAddress address() {
        return address;
    }

    /** The server JVM's pid (as its server reports it), for diagnostics. */
    public long serverPid() {
        return serverPid;
    }

    /**
     * How many objects the server holds now, after this JVM's pending releases (Python's
     * {@code _number_of_objects()}); for tests and diagnostics.
     */
    int numberOfObjects() {
        checkOpen();
        return client.numberOfObjects();
    }

    /** Whether this manager started its server (true), or connected to one started elsewhere. */
    public boolean isOwner() {
        return server != null;
    }

    /**
     * For a manager this JVM started: shuts the server down (Python's {@code manager.shutdown()}), waiting
     * up to 5 s for its JVM to exit before killing it. For a connected one: closes this JVM's connections,
     * which releases the references they held; the server keeps running.
     *
     * <p>After {@code close()}, proxies of this manager fail with a {@link MultiprocessingException}
     * saying the manager was closed, in this JVM at once and in others at their next call. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close(server != null ? "the manager was shut down (Manager.close())" : "this JVM closed its connection"
                + " to the manager (Manager.close())");
        if (server == null) {
            return;
        }
        try {
            server.channel().send(ManagerProtocol.SHUTDOWN, 0, null);
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!server.join(SHUTDOWN_GRACE)) {
                server.kill();
                server.join(SHUTDOWN_GRACE);
            }
        } catch (InterruptedException e) {
            server.kill();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Manager[" + (server != null ? "server pid " + serverPid : "connected")
                + (address != null ? " at " + address.getHostString() + ":" + address.getPort() : "")
                + (closed ? ", closed" : "") + "]";
    }

    /**
     * Configuration of a manager to start. Holds values only; nothing starts until {@link #start()}.
     * Defaults: a local manager (Unix socket only), a random authkey, no registered types, the default
     * options of a child JVM.
     */
    public static final class Builder {
        private final Map<String, SerializableCallable<?>> factories = new LinkedHashMap<>();
        private final Map<String, Class<?>> apis = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private InetSocketAddress address;
        private byte[] authkey;

        private Builder() {
        }

        /**
         * Registers a type the server can host (Python's {@code BaseManager.register(typeid, callable)}):
         * {@link Manager#create(String, Class)} then makes one with {@code factory}, in the server JVM,
         * and returns a proxy implementing {@code api}. The factory is encoded with the server's target,
         * so it must be serializable (a constructor reference {@code Counter::new} is) and its class on
         * the class path.
         *
         * @throws IllegalArgumentException if {@code api} is not an interface or {@code typeid} is taken
         */
        public <T> Builder register(String typeid, SerializableCallable<? extends T> factory, Class<T> api) {
            Objects.requireNonNull(typeid, "typeid");
            Objects.requireNonNull(factory, "factory");
            if (!api.isInterface()) {
                throw new IllegalArgumentException(api.getName() + " is not an interface: register the interface"
                        + " its proxies implement");
            }
            if (factories.containsKey(typeid)) {
                throw new IllegalArgumentException("type '" + typeid + "' is already registered");
            }
            factories.put(typeid, factory);
            apis.put(typeid, api);
            return this;
        }

        /**
         * Serve TCP on {@code address} as well, with {@code authkey} (see
         * {@link Manager#start(InetSocketAddress, byte[])}).
         */
        public Builder address(InetSocketAddress address, byte[] authkey) {
            if (address == null) {
                throw new IllegalArgumentException("a remote manager needs an explicit address to bind, got null");
            }
            checkKey(authkey);
            this.address = address;
            this.authkey = authkey.clone();
            return this;
        }

        /** Options for the server JVM's {@code java} command ({@code -Xmx1g}, say). */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Starts the server JVM and returns once it listens. */
        public Manager start() {
            byte[] key = authkey != null ? authkey : Channel.newSecret();
            ManagerServer target = new ManagerServer(key, address, factories, apis);
            byte[] encoded = Codec.local().encode(target);
            Child server = ChildLauncher.spawn(new ChildLauncher.Spec("mp4j-manager", true, jvmOptions, Map.of())).connect();
            Object[] ready;
            // a server that never reports READY is killed, which ends the receive below
            java.util.concurrent.CompletableFuture<Void> watchdog = new java.util.concurrent.CompletableFuture<Void>()
                    .completeOnTimeout(null, READY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            watchdog.thenRun(server::kill);
            try {
                server.channel().sendBytes(MessageTypes.RUN_TARGET, 0, encoded, 0, encoded.length);
                Channel.Message m = server.channel().receive();
                boolean timedOut = !watchdog.cancel(false);
                if (m == null || m.type() == ManagerProtocol.FAILED) {
                    server.kill();
                    awaitExit(server);
                    if (m != null && m.body() instanceof RuntimeException e) {
                        throw e;
                    }
                    throw new MultiprocessingException("the manager server JVM (pid " + server.pid() + ") "
                            + (timedOut ? "did not report ready within " + READY_TIMEOUT.toSeconds() + " s and was killed"
                            : "exited before it was ready; see its stderr above"));
                }
                ready = (Object[]) m.body();
            } catch (IOException | RuntimeException e) {
                watchdog.cancel(false);
                server.kill();
                awaitExit(server);
                if (e instanceof MultiprocessingException me) {
                    throw me;
                }
                throw new MultiprocessingException("the manager server JVM (pid " + server.pid() + ") failed to start"
                        + " or did not report ready within " + READY_TIMEOUT.toSeconds() + " s: " + e, e);
            }
            String unixPath = (String) ready[0];
            int port = (Integer) ready[1];
            long serverId = (Long) ready[2];
            InetSocketAddress bound = address == null ? null : new InetSocketAddress(address.getHostString(), port);
            ManagerClient client = ManagerClient.open(serverId, unixPath, bound == null ? null : bound.getHostString(),
                    port, key);
            return new Manager(client, server, bound, server.pid());
        }

        private static void awaitExit(Child server) {
            try {
                server.join(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
