package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.SerializableBiFunction;
import io.github.multiprocessing4j.SerializableFunction;
import io.github.multiprocessing4j.ipc.DictProxy;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The client side of a manager dict; see {@link DictProxy}. */
@DefaultSerializer(ProxySerializer.class)
@SuppressWarnings("unchecked")
final class RemoteDict<K, V> implements DictProxy<K, V>, Proxied {
    private static final MethodTable T = MethodTable.of(ServerObjects.DictOps.class);
    private static final int SIZE = T.index("size");
    private static final int IS_EMPTY = T.index("isEmpty");
    private static final int CONTAINS_KEY = T.index("containsKey", Object.class);
    private static final int CONTAINS_VALUE = T.index("containsValue", Object.class);
    private static final int GET = T.index("get", Object.class);
    private static final int GET_OR_DEFAULT = T.index("getOrDefault", Object.class, Object.class);
    private static final int PUT = T.index("put", Object.class, Object.class);
    private static final int REMOVE = T.index("remove", Object.class);
    private static final int REMOVE2 = T.index("remove", Object.class, Object.class);
    private static final int PUT_ALL = T.index("putAll", Map.class);
    private static final int CLEAR = T.index("clear");
    private static final int PUT_IF_ABSENT = T.index("putIfAbsent", Object.class, Object.class);
    private static final int REPLACE = T.index("replace", Object.class, Object.class);
    private static final int REPLACE3 = T.index("replace", Object.class, Object.class, Object.class);
    private static final int REPLACE_ALL = T.index("replaceAll", BiFunction.class);
    private static final int COMPUTE = T.index("compute", Object.class, BiFunction.class);
    private static final int COMPUTE_IF_ABSENT = T.index("computeIfAbsent", Object.class, Function.class);
    private static final int COMPUTE_IF_PRESENT = T.index("computeIfPresent", Object.class, BiFunction.class);
    private static final int MERGE = T.index("merge", Object.class, Object.class, BiFunction.class);
    private static final int COPY = T.index("copy");
    private static final int TO_STRING = T.index("toString");

    private final ProxyHandle handle;

    RemoteDict(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    @Override
    public int size() {
        return (Integer) handle.call(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return (Boolean) handle.call(IS_EMPTY);
    }

    @Override
    public boolean containsKey(Object key) {
        return (Boolean) handle.call(CONTAINS_KEY, key);
    }

    @Override
    public boolean containsValue(Object value) {
        return (Boolean) handle.call(CONTAINS_VALUE, value);
    }

    @Override
    public V get(Object key) {
        return (V) handle.call(GET, key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return (V) handle.call(GET_OR_DEFAULT, key, defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return (V) handle.call(PUT, key, value);
    }

    @Override
    public void set(K key, V value) {
        handle.send(PUT, key, value);
    }

    @Override
    public V remove(Object key) {
        return (V) handle.call(REMOVE, key);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return (Boolean) handle.call(REMOVE2, key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        handle.call(PUT_ALL, m instanceof Proxied ? m : new java.util.LinkedHashMap<>(m));
    }

    @Override
    public void clear() {
        handle.call(CLEAR);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return (V) handle.call(PUT_IF_ABSENT, key, value);
    }

    @Override
    public V replace(K key, V value) {
        return (V) handle.call(REPLACE, key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return (Boolean) handle.call(REPLACE3, key, oldValue, newValue);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        handle.call(REPLACE_ALL, function);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return (V) handle.call(COMPUTE, key, remapping);
    }

    @Override
    public V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return (V) handle.call(COMPUTE, key, remapping);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
        return (V) handle.call(COMPUTE_IF_ABSENT, key, mapping);
    }

    @Override
    public V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping) {
        return (V) handle.call(COMPUTE_IF_ABSENT, key, mapping);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        return (V) handle.call(COMPUTE_IF_PRESENT, key, remapping);
    }

    @Override
    public V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return (V) handle.call(COMPUTE_IF_PRESENT, key, remapping);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        return (V) handle.call(MERGE, key, value, remapping);
    }

    @Override
    public V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping) {
        return (V) handle.call(MERGE, key, value, remapping);
    }

    @Override
    public Map<K, V> copy() {
        return (Map<K, V>) handle.call(COPY);
    }

    @Override
    public Set<K> keySet() {
        return Collections.unmodifiableSet(copy().keySet());
    }

    @Override
    public Collection<V> values() {
        return Collections.unmodifiableCollection(copy().values());
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return Collections.unmodifiableMap(copy()).entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        copy().forEach(action);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof Proxied p && handle.sameObject(p.handle())) {
            return true;
        }
        return o instanceof Map && copy().equals(o);
    }

    @Override
    public int hashCode() {
        return copy().hashCode();
    }

    @Override
    public String toString() {
        return handle.describe(TO_STRING);
    }
}
