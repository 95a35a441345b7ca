package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.MultiprocessingException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
        List<Method> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparing(MethodTable::key));
        methods = sorted.toArray(new Method[0]);
        for (int i = 0; i < methods.length; i++) {
            index.put(methods[i], i);
        }
    }

    private static String key(Method m) {
        return m.getName() + Arrays.toString(Arrays.stream(m.getParameterTypes()).map(Class::getName).toArray());
    }

    /** The table of {@code api}, built once per class. */
    public static MethodTable of(Class<?> api) {
        return TABLES.get(api);
    }

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
