package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ConcurrentMap} contract every shared dict keeps, whatever carries it (a manager's proxy, a
 * cluster's map). Subclass it with a factory; the values travel through the implementation's encoding,
 * so they are compared by equality, never identity.
 */
public abstract class ConcurrentMapContract {
    private final List<ConcurrentMap<Object, Object>> made = new ArrayList<>();

    /** A new, empty map. */
    protected abstract ConcurrentMap<Object, Object> create();

    /** Whether the implementation stores null values (a manager dict does, as Python's; a Hazelcast IMap does not). */
    protected abstract boolean allowsNullValues();

    /**
     * A remapping function as the implementation needs it to travel: a serializable lambda works for
     * every implementation here, so subclasses usually return {@code fn} itself.
     */
    protected <T> T portable(T fn) {
        return fn;
    }

    record Point(int x, String label) {
    }

    private ConcurrentMap<Object, Object> map() {
        ConcurrentMap<Object, Object> m = create();
        made.add(m);
        return m;
    }

    @AfterEach
    void clear() {
        for (ConcurrentMap<Object, Object> m : made) {
            m.clear();
        }
    }

    @Test
    void putGetRemoveAndSize() {
        ConcurrentMap<Object, Object> m = map();
        assertTrue(m.isEmpty());
        assertNull(m.put(1, "1"));
        assertNull(m.put("2", 2));
        assertEquals("1", m.put(1, "one"));
        assertEquals("one", m.get(1));
        assertEquals(2, m.get("2"));
        assertNull(m.get("missing"));
        assertEquals(2, m.size());
        assertTrue(m.containsKey("2"));
        assertTrue(m.containsValue("one"));
        assertEquals("one", m.remove(1));
        assertNull(m.remove(1));
        assertEquals(1, m.size());
    }

    @Test
    void keysAndValuesOfManyTypesTravel() {
        ConcurrentMap<Object, Object> m = map();
        m.put(0.25, List.of(1, 2, 3));
        m.put(new Point(1, "p"), new int[] {4, 5}.length);
        m.put(7L, Map.of("k", "v"));
        assertEquals(List.of(1, 2, 3), m.get(0.25));
        assertEquals(2, m.get(new Point(1, "p")));
        assertEquals(Map.of("k", "v"), m.get(7L));
    }

    @Test
    void nullValuesFollowTheImplementationsRule() {
        assumeTrue(allowsNullValues(), "this implementation refuses null values");
        ConcurrentMap<Object, Object> m = map();
        m.put(0.25, Python.NONE);
        assertTrue(m.containsKey(0.25));
        assertEquals(Python.NONE, m.get(0.25));
    }

    /** A stand-in for Python's None that every implementation can store. */
    enum Python { NONE }

    @Test
    void atomicOperationsFollowConcurrentMap() {
        ConcurrentMap<Object, Object> m = map();
        assertNull(m.putIfAbsent("a", 1));
        assertEquals(1, m.putIfAbsent("a", 2));
        assertFalse(m.remove("a", 2));
        assertTrue(m.replace("a", 1, 3));
        assertFalse(m.replace("a", 1, 4));
        assertEquals(3, m.replace("a", 5));
        assertNull(m.replace("b", 5));
        assertTrue(m.remove("a", 5));
        assertFalse(m.containsKey("a"));
    }

    @Test
    void computeAndMergeRunTheFunction() {
        ConcurrentMap<Object, Object> m = map();
        BiFunction<Object, Object, Object> inc = portable((io.github.multiprocessing4j.SerializableBiFunction<Object, Object, Object>)
                (k, v) -> v == null ? 1 : (Integer) v + 1);
        assertEquals(1, m.compute("n", inc));
        assertEquals(2, m.compute("n", inc));
        BiFunction<Object, Object, Object> sum = portable((io.github.multiprocessing4j.SerializableBiFunction<Object, Object, Object>)
                (a, b) -> (Integer) a + (Integer) b);
        assertEquals(12, m.merge("n", 10, sum));
        assertEquals(5, m.merge("fresh", 5, sum));
        assertEquals(12, m.get("n"));
    }

    @Test
    void bulkViewsAndEquality() {
        ConcurrentMap<Object, Object> m = map();
        Map<Object, Object> expected = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            expected.put(i, "v" + i);
        }
        m.putAll(expected);
        assertEquals(expected.keySet(), new HashSet<>(m.keySet()));
        assertEquals(new HashSet<>(expected.values()), new HashSet<>(m.values()));
        Set<Map.Entry<Object, Object>> entries = new HashSet<>();
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        assertEquals(expected.entrySet(), entries);
        assertEquals(expected, new HashMap<>(m));
        m.clear();
        assertEquals(0, m.size());
    }
}
