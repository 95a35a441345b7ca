package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.SerializableCallable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's objects by id, with their reference counts. A reference is held by a session (all the
 * connections of one client JVM) or by a proxy living in the server itself (a proxy stored inside a
 * hosted object). An object is dropped when its count reaches zero; a session's references are
 * released when its last connection closes, so a client JVM that dies frees what it held.
 *
 * <p>Thread-safety: calls run concurrently, one thread per connection; reference counting is
 * serialized on this registry.
 */
final class Registry {
    /** Where a registered type comes from, on the server. */
    static final class Registration {
        private final SerializableCallable<?> factory;
        private final Class<?> api;

        Registration(SerializableCallable<?> factory, Class<?> api) {
            this.factory = factory;
            this.api = api;
        }

        SerializableCallable<?> factory() {
            return factory;
        }

        Class<?> api() {
            return api;
        }
    }

    static final class Hosted {
        final long id;
        final Object target;
        final MethodTable table;
        final boolean serialized;
        int refs;

        Hosted(long id, Object target, MethodTable table, boolean serialized) {
            this.id = id;
            this.target = target;
            this.table = table;
            this.serialized = serialized;
        }
    }

    static final class Session {
        final long id;
        final Map<Long, Integer> refs = new HashMap<>();
        int connections;

        Session(long id) {
            this.id = id;
        }
    }

    private final long serverId;
    private final Map<String, Registration> registrations;
    private final ConcurrentHashMap<Long, Hosted> objects = new ConcurrentHashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** References held by proxies that live inside the server. */
    final Session local = new Session(0);

    Registry(long serverId, Map<String, Registration> registrations) {
        this.serverId = serverId;
        this.registrations = Map.copyOf(registrations);
    }

    long serverId() {
        return serverId;
    }

    synchronized Session connect(long sessionId) {
        Session s = sessions.computeIfAbsent(sessionId, Session::new);
        s.connections++;
        return s;
    }

    synchronized void disconnect(Session s) {
        if (s != null && --s.connections == 0) {
            sessions.remove(s.id);
            for (Map.Entry<Long, Integer> e : s.refs.entrySet()) {
                Hosted h = objects.get(e.getKey());
                if (h != null) {
                    drop(h, e.getValue());
                }
            }
            s.refs.clear();
        }
    }

    /** Creates an object; the session holds one reference to it. */
    long create(Session s, Kind kind, String typeid, String apiName, Object[] args) throws Exception {
        Object target;
        MethodTable table;
        if (kind == Kind.REGISTERED) {
            Registration r = registrations.get(typeid);
            if (r == null) {
                throw new IllegalArgumentException("no type '" + typeid + "' is registered with this manager; registered: "
                        + registrations.keySet());
            }
            Class<?> api = Class.forName(apiName, false, Registry.class.getClassLoader());
            if (!api.isAssignableFrom(r.api())) {
                throw new IllegalArgumentException("type '" + typeid + "' is registered with interface " + r.api().getName()
                        + ", which does not extend " + api.getName());
            }
            target = r.factory().call();
            if (!api.isInstance(target)) {
                throw new IllegalArgumentException("the factory of '" + typeid + "' returned a "
                        + (target == null ? "null" : target.getClass().getName()) + ", which does not implement " + api.getName());
            }
            table = MethodTable.of(api);
        } else {
            target = kind.newObject(args);
            table = MethodTable.of(kind.api());
        }
        long id = ids.incrementAndGet();
        Hosted h = new Hosted(id, target, table, kind.serialized());
        synchronized (this) {
            objects.put(id, h);
            hold(s, h);
        }
        return id;
    }

    synchronized void incref(Session s, long id) {
        hold(s, lookup(id));
    }

    synchronized void decref(Session s, long id) {
        Integer n = s.refs.get(id);
        if (n == null) {
            return; // released with an earlier connection, or never held: nothing to undo
        }
        if (n == 1) {
            s.refs.remove(id);
        } else {
            s.refs.put(id, n - 1);
        }
        Hosted h = objects.get(id);
        if (h != null) {
            drop(h, 1);
        }
    }

    private void hold(Session s, Hosted h) {
        s.refs.merge(h.id, 1, Integer::sum);
        h.refs++;
    }

    private void drop(Hosted h, int n) {
        h.refs -= n;
        if (h.refs <= 0) {
            objects.remove(h.id);
        }
    }

    /** How many objects are alive (for tests and diagnostics). */
    int size() {
        return objects.size();
    }

    Hosted lookup(long id) {
        Hosted h = objects.get(id);
        if (h == null) {
            throw new MultiprocessingException("object " + id + " no longer exists on the manager: every proxy to it"
                    + " was released (keep a proxy reachable in the sending JVM until the receiving JVM has used it)");
        }
        return h;
    }

    /** Gives back what a call took, if its object knows how ({@link ServerObjects.Undoable}). */
    void undo(long id, Object[] request, Object result) {
        Hosted h = objects.get(id);
        if (h == null || !(h.target instanceof ServerObjects.Undoable u)) {
            return;
        }
        Method m = h.table.get((Integer) request[0]);
        Object[] args = java.util.Arrays.copyOfRange(request, 1, request.length);
        if (h.serialized) {
            synchronized (h.target) {
                u.undo(m, args, result);
            }
        } else {
            u.undo(m, args, result);
        }
    }

    /**
     * Runs one call.
     *
     * @throws Throwable what the method threw, unwrapped
     */
    Object invoke(long id, Object[] request) throws Throwable {
        Hosted h = lookup(id);
        Method m = h.table.get((Integer) request[0]);
        Object[] args = new Object[request.length - 1];
        System.arraycopy(request, 1, args, 0, args.length);
        if (args.length != m.getParameterCount()) {
            throw new MultiprocessingException(h.table.describe((Integer) request[0]) + " takes " + m.getParameterCount()
                    + " arguments, got " + args.length);
        }
        try {
            if (h.serialized) {
                synchronized (h.target) {
                    return m.invoke(h.target, args);
                }
            }
            return m.invoke(h.target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
