package io.github.multiprocessing4j.ipc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Codec;
import io.github.multiprocessing4j.testing.TestJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Atomicity across JVMs, object lifetime, close, a killed server, and the server dying with its owner. */
class ManagerLifecycleTest {

    @Test
    void computeIsAtomicUnderFourConcurrentJvms() {
        try (Manager m = Manager.start()) {
            DictProxy<String, Integer> d = m.dict();
            List<JvmProcess> children = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                children.add(new JvmProcess(() -> {
                    for (int i = 0; i < 250; i++) {
                        d.compute("n", (k, v) -> v == null ? 1 : v + 1);
                        d.merge("m", 1, Integer::sum);
                    }
                }).start());
            }
            for (JvmProcess p : children) {
                assertTrue(p.join(Duration.ofSeconds(60)), "child did not finish");
                assertEquals(0, p.exitCode().getAsInt());
            }
            assertEquals(1000, d.get("n"));
            assertEquals(1000, d.get("m"));
        }
    }

    @Test
    void anObjectIsFreedWhenNoProxyHoldsIt() {
        try (Manager m = Manager.start()) {
            ListProxy<String> keepAlive = m.list();
            byte[] copy = encodedProxy(m);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return m.numberOfObjects() == 1;
            });
            // the only proxy is gone; its Cleaner queues a decref that goes out with the next request
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                keepAlive.size();
                try {
                    decode(copy).size();
                    return false;
                } catch (MultiprocessingException e) {
                    assertTrue(e.getMessage().contains("no longer exists on the manager: every proxy to it was released"),
                            e.getMessage());
                    return true;
                }
            });
        }
    }

    @Test
    void aProxyStoredInAManagerObjectKeepsItsObjectAlive() {
        try (Manager m = Manager.start()) {
            DictProxy<String, Object> d = m.dict();
            storeAList(m, d); // the only client-side proxies to the list and to a control list are gone
            assertEquals(3, m.numberOfObjects());
            // the control list is freed once its proxy is collected; the stored one is held by the dict
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return m.numberOfObjects() == 2;
            });
            @SuppressWarnings("unchecked")
            List<String> l = (List<String>) d.get("l");
            assertEquals(List.of("kept"), new ArrayList<>(l));
        }
    }

    private static void storeAList(Manager m, DictProxy<String, Object> d) {
        ListProxy<String> l = m.list(List.of("kept"));
        ListProxy<String> control = m.list();
        d.put("l", l);
        assertEquals(0, control.size());
    }

    private static byte[] encodedProxy(Manager m) {
        ListProxy<String> l = m.list(List.of("x"));
        assertEquals(1, l.size());
        return Codec.local().encode(l);
    }

    @SuppressWarnings("unchecked")
    private static List<String> decode(byte[] bytes) {
        return (List<String>) Codec.local().decode(bytes, 0, bytes.length);
    }

    /** A client JVM that creates two objects over TCP and holds them until it is killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Manager m = Manager.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])),
                    "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            DictProxy<String, String> d = m.dict();
            ListProxy<String> l = m.list(List.of("a"));
            d.put("l", "held");
            System.out.println("holding " + d.size() + " " + l.size());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void aClientJvmThatDiesReleasesWhatItHeld() throws Exception {
        try (Manager m = Manager.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                "k".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            DictProxy<String, String> mine = m.dict();
            assertEquals(1, m.numberOfObjects());
            try (TestJvm holder = TestJvm.start(Holder.class, "" + m.address().getPort())) {
                holder.awaitLine("holding 1 1", Duration.ofSeconds(60));
                assertEquals(3, m.numberOfObjects());
                holder.process().destroyForcibly(); // SIGKILL: no goodbye, only its connections drop
                holder.process().onExit().get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> m.numberOfObjects() == 1);
            }
            mine.put("still", "here");
            assertEquals(1, mine.size());
        }
    }

    @Test
    void proxiesFailClearlyAfterClose() {
        Manager m = Manager.start();
        DictProxy<String, String> d = m.dict();
        d.put("k", "v");
        long pid = m.serverPid();
        m.close();
        m.close(); // idempotent
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server JVM still alive");
        MultiprocessingException e = assertThrows(MultiprocessingException.class, () -> d.get("k"));
        assertTrue(e.getMessage().contains("the manager was shut down (Manager.close())"), e.getMessage());
        String printed = d.toString(); // logging a dead proxy does not throw
        assertTrue(printed.startsWith("<DICT object ") && printed.contains("toString() failed"), printed);
        assertEquals("the manager was closed: it cannot create objects any more",
                assertThrows(MultiprocessingException.class, m::dict).getMessage());
        // a proxy in another JVM: it cannot reach the server any more
        JvmProcess p = new JvmProcess(() -> {
            try {
                d.get("k");
                System.exit(3);
            } catch (MultiprocessingException expected) {
                System.out.println("child saw: " + expected.getMessage());
                System.exit(expected.getMessage().contains("cannot reach the manager server") ? 0 : 4);
            }
        }).start();
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertEquals(0, p.exitCode().getAsInt());
    }

    @Test
    void aKilledServerFailsCallsInsteadOfHanging() throws Exception {
        Manager m = Manager.start();
        try {
            BlockingQueue<String> q = m.queue();
            DictProxy<String, String> d = m.dict();
            d.put("k", "v");
            CompletableFuture<String> blocked = new CompletableFuture<>();
            Thread taker = new Thread(() -> {
                try {
                    blocked.complete(q.take()); // blocked in the server when it dies
                } catch (Throwable e) {
                    blocked.completeExceptionally(e);
                }
            });
            taker.start();
            // wait until the request was sent and the thread reads its reply
            await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(taker.getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("receive") && f.getClassName().endsWith(".Channel")));
            ProcessHandle server = ProcessHandle.of(m.serverPid()).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof MultiprocessingException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().contains("closed the connection while a call of QueueOps.take"),
                    e.getCause().getMessage());
            MultiprocessingException next = assertThrows(MultiprocessingException.class, () -> d.get("k"));
            assertTrue(next.getMessage().contains("it was shut down or its JVM died")
                    || next.getMessage().contains("cannot reach the manager server"), next.getMessage());
        } finally {
            m.close();
        }
    }

    /** An owner JVM for the test below: starts a manager, prints its server's pid, waits to be killed. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            Manager m = Manager.start();
            m.dict().put("a", 1);
            System.out.println("server " + m.serverPid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void theServerDiesWithItsOwner() throws Exception {
        try (TestJvm owner = TestJvm.start(Owner.class)) {
            long pid = Long.parseLong(owner.awaitLine("server ", Duration.ofSeconds(60)).substring(7).trim());
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            owner.process().destroyForcibly(); // SIGKILL: no shutdown hook of the owner runs
            server.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(server.isAlive());
        }
    }
}
