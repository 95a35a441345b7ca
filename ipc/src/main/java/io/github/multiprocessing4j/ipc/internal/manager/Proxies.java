package io.github.multiprocessing4j.ipc.internal.manager;

import java.lang.reflect.Proxy;

/** Makes the proxy object of a handle's kind. */
public final class Proxies {
    private Proxies() {
    }

    /** A new proxy for {@code h}, of the class its kind calls for. */
    public static Object newProxy(ProxyHandle h) {
        switch (h.kind()) {
            case DICT:
                return new RemoteDict<>(h);
            case LIST:
                return new RemoteList<>(h);
            case NAMESPACE:
                return new RemoteNamespace(h);
            case QUEUE:
                return new RemoteQueue<>(h);
            case VALUE:
                return new RemoteValue<>(h);
            case LOCK:
            case RLOCK:
                return new RemoteLock(h);
            case EVENT:
                return new RemoteSync.Event(h);
            case SEMAPHORE:
                return new RemoteSync.Semaphore(h);
            case BARRIER:
                return new RemoteSync.Barrier(h);
            case REGISTERED: {
                Class<?> api = h.table().api();
                return Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, new RegisteredHandler(h));
            }
            default:
                throw new IllegalArgumentException("unknown kind " + h.kind());
        }
    }
}
