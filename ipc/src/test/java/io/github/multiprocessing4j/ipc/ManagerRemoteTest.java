package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.AuthenticationException;
import io.github.multiprocessing4j.testing.TestJvm;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A manager served over TCP, reached from another JVM with the right key and refused with a wrong one. */
class ManagerRemoteTest {
    private static final byte[] KEY = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    /** The "other machine": connects with the key given in args[2] and uses the dict and queue. */
    public static final class RemoteClient {
        public static void main(String[] args) throws Exception {
            InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
            try (Manager m = Manager.connect(address, args[2].getBytes(StandardCharsets.UTF_8))) {
                System.out.println("connected");
                System.out.flush();
                @SuppressWarnings("unchecked")
                Map<String, Object> shared = m.create("shared", Map.class);
                shared.put("from", "remote");
                @SuppressWarnings("unchecked")
                BlockingQueue<String> q = (BlockingQueue<String>) shared.get("queue");
                q.put("hello over tcp");
                System.out.println("done " + shared.get("greeting"));
            } catch (AuthenticationException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    @Test
    void remoteClientWithTheRightKeyAndAWrongOne() throws Exception {
        try (Manager m = Manager.builder()
                .register("shared", SharedState::instance, Map.class)
                .address(new InetSocketAddress("127.0.0.1", 0), KEY)
                .start()) {
            InetSocketAddress a = m.address();
            assertTrue(a.getPort() > 0, "bound port: " + a);
            String secret = new String(KEY, StandardCharsets.UTF_8);
            String commandLine = ProcessHandle.of(m.serverPid()).orElseThrow().info().commandLine().orElse("");
            assertTrue(commandLine.contains("WorkerMain"), commandLine);
            assertTrue(!commandLine.contains(secret), "the authkey is in the server's argv: " + commandLine);
            java.nio.file.Path environ = java.nio.file.Path.of("/proc/" + m.serverPid() + "/environ");
            if (java.nio.file.Files.isReadable(environ)) {
                String env = new String(java.nio.file.Files.readAllBytes(environ), StandardCharsets.UTF_8);
                assertTrue(!env.contains(secret), "the authkey is in the server's environment");
            }

            try (TestJvm wrong = TestJvm.start(RemoteClient.class, "127.0.0.1", "" + a.getPort(), "wrong key")) {
                String line = wrong.awaitLine("refused: ", Duration.ofSeconds(30));
                assertTrue(line.contains("authentication failed"), line);
                assertEquals(0, wrong.waitFor(Duration.ofSeconds(30)));
            }
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> Manager.connect(a, "nope".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("wrong authkey?"), e.getMessage());

            // the server still serves a client with the right key
            @SuppressWarnings("unchecked")
            Map<String, Object> shared = m.create("shared", Map.class);
            BlockingQueue<String> q = m.queue();
            shared.put("greeting", "hi");
            shared.put("queue", q);
            try (TestJvm right = TestJvm.start(RemoteClient.class, "127.0.0.1", "" + a.getPort(),
                    new String(KEY, StandardCharsets.UTF_8))) {
                right.awaitLine("connected", Duration.ofSeconds(30));
                assertEquals(0, right.waitFor(Duration.ofSeconds(30)), () -> "output: " + right.output());
                assertTrue(right.output().contains("done hi"), () -> "output: " + right.output());
                assertEquals("hello over tcp", q.poll(10, TimeUnit.SECONDS));
                assertEquals("remote", shared.get("from"));
            }
        }
    }

    @Test
    void remoteManagerNeedsAnAddressAndAKey() {
        assertEquals("a manager reachable over TCP needs a non-empty authkey, got an empty one",
                assertThrows(IllegalArgumentException.class,
                        () -> Manager.start(new InetSocketAddress("127.0.0.1", 0), new byte[0])).getMessage());
        assertEquals("a remote manager needs an explicit address to bind, got null",
                assertThrows(IllegalArgumentException.class, () -> Manager.start(null, KEY)).getMessage());
    }

    @Test
    void aServerThatCannotListenFailsTheStart() {
        try (Manager first = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY)) {
            int port = first.address().getPort();
            io.github.multiprocessing4j.MultiprocessingException e = assertThrows(
                    io.github.multiprocessing4j.MultiprocessingException.class,
                    () -> Manager.start(new InetSocketAddress("127.0.0.1", port), KEY));
            assertTrue(e.getMessage().startsWith("the manager server cannot listen on 127.0.0.1:" + port + ": "),
                    e.getMessage());
            assertEquals(0, first.dict().size()); // the first one is unaffected
        }
    }

    @Test
    void connectedManagerSharesObjectsWithTheOwner() throws Exception {
        try (Manager owner = Manager.start(new InetSocketAddress("127.0.0.1", 0), KEY);
             Manager client = Manager.connect(owner.address(), KEY)) {
            assertEquals(owner.serverPid(), client.serverPid());
            BlockingQueue<String> q = client.queue();
            DictProxy<String, Object> d = owner.dict();
            d.put("q", q); // a proxy made over TCP, stored through the Unix socket
            @SuppressWarnings("unchecked")
            BlockingQueue<String> same = (BlockingQueue<String>) d.get("q");
            same.put("x");
            assertEquals("x", q.poll(10, TimeUnit.SECONDS));
        }
    }
}
