package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.ipc.Namespace;
import java.util.Map;

/** The client side of a manager namespace. */
@DefaultSerializer(ProxySerializer.class)
@SuppressWarnings("unchecked")
final class RemoteNamespace implements Namespace, Proxied {
    private static final MethodTable T = MethodTable.of(ServerObjects.NamespaceOps.class);
    private static final int GET = T.index("get", String.class);
    private static final int GET_OR_DEFAULT = T.index("getOrDefault", String.class, Object.class);
    private static final int SET = T.index("set", String.class, Object.class);
    private static final int DELETE = T.index("delete", String.class);
    private static final int HAS = T.index("has", String.class);
    private static final int COPY = T.index("copy");
    private static final int TO_STRING = T.index("toString");

    private final ProxyHandle handle;

    RemoteNamespace(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    @Override
    public <T> T get(String name) {
        return (T) handle.call(GET, name);
    }

    @Override
    public <T> T getOrDefault(String name, T defaultValue) {
        return (T) handle.call(GET_OR_DEFAULT, name, defaultValue);
    }

    @Override
    public void set(String name, Object value) {
        handle.call(SET, name, value);
    }

    @Override
    public boolean delete(String name) {
        return (Boolean) handle.call(DELETE, name);
    }

    @Override
    public boolean has(String name) {
        return (Boolean) handle.call(HAS, name);
    }

    @Override
    public Map<String, Object> toMap() {
        return (Map<String, Object>) handle.call(COPY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proxied p && handle.sameObject(p.handle());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(handle.token.objectId());
    }

    @Override
    public String toString() {
        return handle.describe(TO_STRING);
    }
}
