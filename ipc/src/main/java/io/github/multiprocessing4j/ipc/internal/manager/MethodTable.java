package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.MultiprocessingException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public instance methods of an interface in a fixed order (name, then parameter types), so a
 * method travels as its index: both JVMs build the same table from the same interface.
 */
public final class MethodTable {
    private static final ClassValue<MethodTable> TABLES = new ClassValue<>() {
        @Override
        protected MethodTable computeValue(Class<?> type) {
            return new MethodTable(type);
        }
    };

    private final Class<?> api;
    private final Method[] methods;
    private final Map<Method, Integer> index = new java.util.concurrent.ConcurrentHashMap<>();

    private MethodTable(Class<?> api) {
        if (!api.isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface: proxies forward interface methods");
        }
        this.api = api;
        Map<String, Method> unique = new LinkedHashMap<>();
        for (Method m : api.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                unique.putIfAbsent(key(m), m);
            }
        }
        // plain loops, no streams or lambdas: this runs while a child JVM decodes its first proxy, where
        // bootstrapping lambda call sites costs milliseconds
        String[] keys = unique.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        methods = new Method[keys.length];
        for (int i = 0; i < keys.length; i++) {
            methods[i] = unique.get(keys[i]);
        }
        for (int i = 0; i < methods.length; i++) {
            index.put(methods[i], i);
        }
    }

    private static String key(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        for (Class<?> p : m.getParameterTypes()) {
            sb.append(p.getName()).append(',');
        }
        return sb.append(')').toString();
    }

    /** The table of {@code api}, built once per class. */
    public static MethodTable of(Class<?> api) {
        return TABLES.get(api);
    }

    /** The interface this table lists. */
    public Class<?> api() {
        return api;
    }

    /** The index of {@code name(parameterTypes)}; fails at class initialisation if a proxy names a missing method. */
    public int index(String name, Class<?>... parameterTypes) {
        try {
            Method m = api.getMethod(name, parameterTypes);
            return indexOf(m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(api.getName() + " has no method " + name + Arrays.toString(parameterTypes), e);
        }
    }

    /** The index of a method of the interface (or of one it extends). */
    public int indexOf(Method m) {
        Integer i = index.get(m);
        if (i == null) {
            String k = key(m);
            for (int j = 0; j < methods.length; j++) {
                if (key(methods[j]).equals(k)) {
                    index.put(m, j);
                    return j;
                }
            }
            throw new IllegalStateException(api.getName() + " has no method " + k);
        }
        return i;
    }

    /** The method at {@code i}. @throws MultiprocessingException if the peer sent an index out of range */
    public Method get(int i) {
        if (i < 0 || i >= methods.length) {
            throw new MultiprocessingException("method index " + i + " out of range [0, " + methods.length + ") for "
                    + api.getName() + ": are both sides running the same version of it?");
        }
        return methods[i];
    }

    /** {@code Interface.method} for messages. */
    public String describe(int i) {
        return i >= 0 && i < methods.length ? api.getSimpleName() + "." + methods[i].getName() : api.getSimpleName() + "#" + i;
    }
}
