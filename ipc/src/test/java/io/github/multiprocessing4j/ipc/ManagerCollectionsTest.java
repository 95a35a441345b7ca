package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.JvmProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dict, list and namespace proxies, in this JVM and from child JVMs; nested proxies. */
class ManagerCollectionsTest {
    private static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static void runChild(io.github.multiprocessing4j.SerializableRunnable target) {
        JvmProcess p = new JvmProcess(target);
        p.start();
        assertTrue(p.join(Duration.ofSeconds(30)), "child did not finish");
        assertEquals(0, p.exitCode().getAsInt(), "child exit code");
    }

    @Test
    void seedServerProcessSnippet() {
        DictProxy<Object, Object> d = manager.dict();
        ListProxy<Integer> l = manager.list(IntStream.range(0, 10).boxed().toList());
        runChild(() -> {
            d.put(1, "1");
            d.put("2", 2);
            d.put(0.25, null);
            l.reverse();
        });
        assertEquals("{1=1, 2=2, 0.25=null}", d.toString());
        assertEquals("[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]", l.toString());
        assertEquals(3, d.size());
        assertEquals(Map.of(1, "1", "2", 2).get(1), d.get(1));
        assertTrue(d.containsKey(0.25));
        assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), new ArrayList<>(l));
    }

    @Test
    void mapOperationsAreAtomicOnTheServer() {
        DictProxy<String, Integer> d = manager.dict();
        assertEquals(null, d.putIfAbsent("a", 1));
        assertEquals(1, d.putIfAbsent("a", 2));
        assertEquals(11, d.compute("a", (k, v) -> v + 10));
        assertEquals(5, d.computeIfAbsent("b", k -> 5));
        assertEquals(6, d.merge("b", 1, Integer::sum));
        assertEquals(Map.of("a", 11, "b", 6), d.copy());
        assertEquals(Map.of("a", 11, "b", 6), d);
        assertEquals(2, d.keySet().size());
        assertThrows(UnsupportedOperationException.class, () -> d.keySet().clear());
        assertEquals(6, d.remove("b"));
        assertEquals(1, d.size());
    }

    @Test
    void aNonSerializableFunctionFailsInTheCallersThread() {
        DictProxy<String, Integer> d = manager.dict();
        java.util.Map<String, Integer> plain = d;
        BiFunction<String, Integer, Integer> notSerializable = (k, v) -> 1;
        EncodingException e = assertThrows(EncodingException.class, () -> plain.compute("x", notSerializable));
        assertTrue(e.getMessage().contains("is a lambda that is not Serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("DictOps.compute"), e.getMessage());
        assertEquals(0, d.size());
    }

    /** A key whose hashCode fails only in the JVM whose pid it names: here, the server's. */
    record Bomb(long armedInPid) implements java.io.Serializable {
        @Override
        public int hashCode() {
            if (ProcessHandle.current().pid() == armedInPid) {
                throw new IllegalStateException("boom in " + armedInPid);
            }
            return 1;
        }
    }

    /** A value that decodes everywhere but in the JVM whose pid it names: here, the server's. */
    public static final class Undecodable implements com.esotericsoftware.kryo.KryoSerializable {
        private long failInPid;

        public Undecodable() {
        }

        Undecodable(long failInPid) {
            this.failInPid = failInPid;
        }

        @Override
        public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output output) {
            output.writeLong(failInPid);
        }

        @Override
        public void read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input input) {
            failInPid = input.readLong();
            if (ProcessHandle.current().pid() == failInPid) {
                throw new IllegalStateException("cannot be decoded in pid " + failInPid);
            }
        }
    }

    @Test
    void anArgumentTheServerCannotDecodeFailsThatCallOnly() {
        DictProxy<String, Object> d = manager.dict();
        EncodingException e = assertThrows(EncodingException.class, () -> d.put("k", new Undecodable(manager.serverPid())));
        assertTrue(e.getMessage().startsWith("cannot decode a value"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be decoded in pid " + manager.serverPid()), e.getMessage());
        d.put("k", "fine"); // the connection is still in step
        assertEquals("{k=fine}", d.toString());
    }

    @Test
    void pipelinedSetIsOrderedAndReportsServerErrorsOnTheNextCall() {
        DictProxy<Object, Integer> d = manager.dict();
        for (int i = 0; i < 1000; i++) {
            d.set(i, i);
        }
        assertEquals(999, d.get(999)); // a waited-for call sees every earlier set of this thread
        assertEquals(1000, d.size());
        runChild(() -> {
            for (int i = 0; i < 2000; i++) {
                d.set(i, -i);
            }
            // no waited-for call: the child's exit applies them before the parent's join returns
        });
        assertEquals(2000, d.size());
        assertEquals(-1999, d.get(1999));

        d.set(new Bomb(manager.serverPid()), 1);
        d.set(new Bomb(manager.serverPid()), 2); // fails too, reported only once
        io.github.multiprocessing4j.MultiprocessingException e = assertThrows(
                io.github.multiprocessing4j.MultiprocessingException.class, d::size);
        assertTrue(e.getMessage().startsWith("an earlier pipelined call from this thread (DictProxy.set) failed on the"
                + " manager: java.lang.IllegalStateException: boom in " + manager.serverPid()), e.getMessage());
        assertEquals(2000, d.size()); // reported once; the connection is in step again
    }

    @Test
    void listOperations() {
        ListProxy<String> l = manager.list();
        l.add("a");
        l.addAll(List.of("b", "c"));
        l.add(0, "z");
        assertEquals("z", l.remove(0));
        assertEquals("b", l.get(1));
        assertEquals(List.of("a", "b", "c"), l.copy());
        assertEquals(List.of("a", "b", "c"), l);
        assertEquals(List.of("b"), l.subList(1, 2));
        List<String> seen = new ArrayList<>();
        l.forEach(seen::add);
        assertEquals(List.of("a", "b", "c"), seen);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> l.get(7));
        assertTrue(e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void nestedProxiesStayProxies() {
        DictProxy<String, Object> d = manager.dict();
        ListProxy<Integer> inner = manager.list(List.of(1, 2));
        d.put("inner", inner);
        runChild(() -> {
            @SuppressWarnings("unchecked")
            List<Integer> l = (List<Integer>) d.get("inner");
            l.add(3); // writes through: gh-101320 / gh-74442 would lose this
            DictProxy<String, Object> d2 = null;
            d.put("made-in-child", List.of("plain"));
        });
        assertEquals(List.of(1, 2, 3), inner.copy());
        Object back = d.get("inner");
        assertInstanceOf(ListProxy.class, back);
        assertEquals(inner, back);
        ((ListProxy<Integer>) back).add(4);
        assertEquals(List.of(1, 2, 3, 4), inner.copy());
        assertEquals("{inner=[1, 2, 3, 4], made-in-child=[plain]}", d.toString());
    }

    @Test
    void manyThreadsShareOneProxy() throws Exception {
        DictProxy<String, Integer> d = manager.dict();
        ListProxy<Integer> l = manager.list();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        d.merge("n", 1, Integer::sum);
                        d.set(id + ":" + i, i); // pipelined, from many threads at once
                        l.add(i);
                    }
                    return d.size(); // a waited-for call: this thread's sets are applied
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(800, d.get("n"));
        assertEquals(801, d.size());
        assertEquals(800, l.size());
    }

    @Test
    void poolTasksShareAManagerDict() {
        DictProxy<Integer, Integer> squares = manager.dict();
        try (io.github.multiprocessing4j.ProcessPool pool = new io.github.multiprocessing4j.ProcessPool(2)) {
            List<Integer> ids = pool.map(x -> {
                squares.put(x, x * x);
                return x;
            }, List.of(1, 2, 3, 4, 5, 6));
            assertEquals(List.of(1, 2, 3, 4, 5, 6), ids);
        }
        assertEquals(Map.of(1, 1, 2, 4, 3, 9, 4, 16, 5, 25, 6, 36), squares.copy());
    }

    @Test
    void namespaceFromAChild() {
        Namespace ns = manager.namespace();
        ns.set("x", 1);
        runChild(() -> {
            int x = ns.get("x");
            ns.set("y", x + 41);
            ns.set("name", "child");
        });
        assertEquals(42, (Integer) ns.get("y"));
        assertEquals("Namespace(x=1, y=42, name=child)", ns.toString());
        assertTrue(ns.delete("x"));
        java.util.NoSuchElementException e = assertThrows(java.util.NoSuchElementException.class, () -> ns.get("x"));
        assertEquals("the namespace has no attribute 'x'; it has [y, name]", e.getMessage());
        assertEquals(7, (Integer) ns.getOrDefault("x", 7));
    }
}
