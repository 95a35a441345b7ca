package io.github.multiprocessing4j.ipc.internal.manager;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kinds of objects a manager hosts: the interface their proxy calls, and how the server makes one. */
public enum Kind {
    DICT(ServerObjects.DictOps.class, true),
    LIST(ServerObjects.ListOps.class, true),
    NAMESPACE(ServerObjects.NamespaceOps.class, true),
    QUEUE(ServerObjects.QueueOps.class, false),
    VALUE(ServerObjects.ValueOps.class, true),
    LOCK(ServerObjects.LockOps.class, false),
    RLOCK(ServerObjects.RLockOps.class, false),
    EVENT(ServerObjects.EventOps.class, false),
    SEMAPHORE(ServerObjects.SemaphoreOps.class, false),
    BARRIER(ServerObjects.BarrierOps.class, false),
    /**
     * A user type registered with the manager's builder; its interface travels by name. As in Python, its
     * methods are called concurrently (one server thread per connection): the type must be thread-safe,
     * and may block (a registered queue's {@code take}).
     */
    REGISTERED(null, false);

    private final Class<?> api;
    private final boolean serialized;

    Kind(Class<?> api, boolean serialized) {
        this.api = api;
        this.serialized = serialized;
    }

    /** The interface a proxy of this kind calls through; null for {@link #REGISTERED}. */
    public Class<?> api() {
        return api;
    }

    /** Whether the server runs each call under the object's monitor (atomic calls, no blocking ones). */
    public boolean serialized() {
        return serialized;
    }

    /** Makes a new server-side object of a built-in kind from the arguments of the create request. */
    Object newObject(Object[] args) {
        switch (this) {
            case DICT: {
                ServerObjects.Dict d = new ServerObjects.Dict();
                if (args.length > 0 && args[0] != null) {
                    d.putAll((Map<?, ?>) args[0]);
                }
                return d;
            }
            case LIST:
                return new ServerObjects.HostedList(args.length > 0 && args[0] != null ? (Collection<?>) args[0] : List.of());
            case NAMESPACE:
                return new ServerObjects.Namespace();
            case QUEUE: {
                int maxsize = (Integer) args[0];
                return new ServerObjects.HostedQueue(maxsize <= 0 ? Integer.MAX_VALUE : maxsize);
            }
            case VALUE:
                return new ServerObjects.Value(args[0]);
            case LOCK:
                return new ServerObjects.Lock();
            case RLOCK:
                return new ServerObjects.RLock();
            case EVENT:
                return new ServerObjects.Event();
            case SEMAPHORE:
                return new ServerObjects.HostedSemaphore((Integer) args[0]);
            case BARRIER:
                return new ServerObjects.Barrier((Integer) args[0]);
            default:
                throw new IllegalArgumentException("a " + this + " is made by its registered factory");
        }
    }
}
