package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.SerializableFunction;
import io.github.multiprocessing4j.ipc.ValueProxy;
import java.util.function.Function;

/** The client side of a manager value. */
@DefaultSerializer(ProxySerializer.class)
@SuppressWarnings("unchecked")
final class RemoteValue<T> implements ValueProxy<T>, Proxied {
    private static final MethodTable M = MethodTable.of(ServerObjects.ValueOps.class);
    private static final int GET = M.index("get");
    private static final int SET = M.index("set", Object.class);
    private static final int GET_AND_SET = M.index("getAndSet", Object.class);
    private static final int CAS = M.index("compareAndSet", Object.class, Object.class);
    private static final int UPDATE_AND_GET = M.index("updateAndGet", Function.class);
    private static final int GET_AND_UPDATE = M.index("getAndUpdate", Function.class);
    private static final int TO_STRING = M.index("toString");

    private final ProxyHandle handle;

    RemoteValue(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    @Override
    public T get() {
        return (T) handle.call(GET);
    }

    @Override
    public void set(T value) {
        handle.call(SET, value);
    }

    @Override
    public T getAndSet(T value) {
        return (T) handle.call(GET_AND_SET, value);
    }

    @Override
    public boolean compareAndSet(T expected, T value) {
        return (Boolean) handle.call(CAS, expected, value);
    }

    @Override
    public T updateAndGet(SerializableFunction<T, T> fn) {
        return (T) handle.call(UPDATE_AND_GET, fn);
    }

    @Override
    public T getAndUpdate(SerializableFunction<T, T> fn) {
        return (T) handle.call(GET_AND_UPDATE, fn);
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
