package io.github.multiprocessing4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.CapturedOutput;
import io.github.multiprocessing4j.testing.TestJvm;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link JvmProcess} against real child JVMs: Python's {@code Process} semantics. */
class JvmProcessTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static void sleepForever() {
        try {
            Thread.sleep(120_000); // runs in the child, which the test kills
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void childOutputAndErrorsReachTheParentBeforeJoinReturns() {
        int answer = 42;
        try (CapturedOutput out = CapturedOutput.stdout(); CapturedOutput err = CapturedOutput.stderr()) {
            JvmProcess p = new JvmProcess(() -> {
                System.out.println("hello from the child " + answer);
                System.err.println("a line on stderr");
                System.out.print("no newline at the end");
            });
            p.start();
            p.join();
            assertTrue(out.text().contains("hello from the child 42"), out.text());
            assertTrue(out.text().contains("no newline at the end"), out.text());
            assertTrue(err.text().contains("a line on stderr"), err.text());
        }
    }

    @Test
    void exitCodesFollowPython() {
        JvmProcess ok = new JvmProcess(() -> { });
        JvmProcess exits = new JvmProcess(() -> System.exit(3));
        JvmProcess throwing;
        try (CapturedOutput err = CapturedOutput.stderr()) {
            throwing = new JvmProcess(() -> {
                throw new IllegalArgumentException("bad input 7");
            });
            assertEquals(OptionalInt.empty(), ok.exitCode(), "not started");
            for (JvmProcess p : List.of(ok, exits, throwing)) {
                p.start();
            }
            for (JvmProcess p : List.of(ok, exits, throwing)) {
                p.join();
            }
            assertTrue(err.text().contains("Process " + throwing.name() + ":"), err.text());
            assertTrue(err.text().contains("java.lang.IllegalArgumentException: bad input 7"), err.text());
        }
        assertEquals(0, ok.exitCode().getAsInt());
        assertEquals(3, exits.exitCode().getAsInt());
        assertEquals(1, throwing.exitCode().getAsInt());
        assertFalse(ok.isAlive());
    }

    @Test
    void terminateSendsSigtermAndKillSendsSigkill() {
        JvmProcess a = new JvmProcess(JvmProcessTest::sleepForever).start();
        JvmProcess b = new JvmProcess(JvmProcessTest::sleepForever).start();
        assertTrue(a.isAlive());
        a.terminate();
        b.kill();
        assertTrue(a.join(LONG));
        assertTrue(b.join(LONG));
        assertEquals(128 + 15, a.exitCode().getAsInt());
        assertEquals(128 + 9, b.exitCode().getAsInt());
        a.kill(); // already ended: nothing happens
    }

    @Test
    void joinWithATimeoutReturnsFalseWhileTheChildRuns() {
        JvmProcess p = new JvmProcess(JvmProcessTest::sleepForever).start();
        try {
            assertFalse(p.join(Duration.ofMillis(200)));
            assertTrue(p.isAlive());
            assertEquals(OptionalInt.empty(), p.exitCode());
            assertTrue(p.toString().contains("started"), p.toString());
        } finally {
            p.kill();
            p.join();
        }
    }

    @Test
    void aTargetThatCannotBeEncodedFailsInTheCallerAndStartsNothing() {
        Thread notPortable = new Thread(() -> { });
        JvmProcess p = new JvmProcess(() -> notPortable.start());
        EncodingException e = assertThrows(EncodingException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertFalse(p.isAlive());
        assertThrows(IllegalStateException.class, p::pid);
    }

    @Test
    void anAnonymousClassKeepsItsCapturedValues() {
        String greeting = "captured";
        int[] numbers = {2, 3};
        try (CapturedOutput out = CapturedOutput.stdout()) {
            JvmProcess p = new JvmProcess(new SerializableRunnable() {
                @Override
                public void run() {
                    System.out.println(greeting + " " + (numbers[0] * numbers[1]));
                }
            });
            p.start().join();
            assertEquals(0, p.exitCode().getAsInt());
            assertTrue(out.text().contains("captured 6"), out.text());
        }
    }

    @Test
    void theChildKnowsItsNameAndItsParent() {
        long me = ProcessHandle.current().pid();
        try (CapturedOutput out = CapturedOutput.stdout()) {
            JvmProcess p = JvmProcess.builder(() -> System.out.println("I am " + Multiprocessing.currentProcess().name()
                            + ", parent " + Multiprocessing.parentProcess().get().pid()
                            + " " + Multiprocessing.parentProcess().get().name()))
                    .name("worker-x").build();
            p.start().join();
            assertTrue(out.text().contains("I am worker-x, parent " + me + " MainProcess"), out.text());
        }
        assertEquals("MainProcess", Multiprocessing.currentProcess().name());
        assertTrue(Multiprocessing.parentProcess().isEmpty());
        assertTrue(Multiprocessing.cpuCount() >= 1);
    }

    @Test
    void activeChildrenListsRunningChildrenOnly() {
        JvmProcess p = new JvmProcess(JvmProcessTest::sleepForever).start();
        assertTrue(Multiprocessing.activeChildren().contains(p));
        p.kill();
        p.join();
        assertFalse(Multiprocessing.activeChildren().contains(p));
    }

    @Test
    void startTwiceIsAnError() {
        JvmProcess p = new JvmProcess(() -> { }).start();
        IllegalStateException e = assertThrows(IllegalStateException.class, p::start);
        assertTrue(e.getMessage().contains("cannot start a process twice"), e.getMessage());
        p.join();
    }

    @Test
    void builderPassesJvmOptionsAndEnvironment() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            JvmProcess p = JvmProcess.builder(() -> System.out.println("prop=" + System.getProperty("mp4j.test.prop")
                            + " env=" + System.getenv("MP4J_TEST_ENV")))
                    .jvmOptions("-Dmp4j.test.prop=yes", "-Xmx64m")
                    .environment("MP4J_TEST_ENV", "set")
                    .start();
            p.join();
            assertTrue(out.text().contains("prop=yes env=set"), out.text());
        }
    }

    @Test
    void aChildIsToldTheParentsSelectorProviderAndTheCallersOptionWins() {
        String provider = java.nio.channels.spi.SelectorProvider.provider().getClass().getName();
        // the launcher learns the provider on a warm-up thread: children started after that are told it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (CapturedOutput out = CapturedOutput.stdout()) {
                JvmProcess p = new JvmProcess(() -> System.out.println("provider="
                        + System.getProperty("java.nio.channels.spi.SelectorProvider") + " works="
                        + java.nio.channels.spi.SelectorProvider.provider().getClass().getName())).start();
                p.join();
                assertTrue(out.text().contains("provider=" + provider + " works=" + provider), out.text());
            }
        });
        try (CapturedOutput out = CapturedOutput.stdout()) {
            JvmProcess p = JvmProcess.builder(() -> System.out.println("provider="
                            + System.getProperty("java.nio.channels.spi.SelectorProvider")))
                    .jvmOptions("-Djava.nio.channels.spi.SelectorProvider=" + provider + "X")
                    .build();
            p.start(); // the child's own connect fails on a provider that does not exist: so this is a start failure
            p.join();
        } catch (WorkerDiedException expected) {
            assertTrue(expected.getMessage().contains("exited before connecting back"), expected.getMessage());
            return;
        }
        throw new AssertionError("a child given a missing SelectorProvider class connected anyway");
    }

    @Test
    void aChildThatCannotStartFailsStartWithItsExitCode() {
        JvmProcess p = JvmProcess.builder(() -> { }).jvmOptions("-XX:+NoSuchJvmOption").build();
        WorkerDiedException e = assertThrows(WorkerDiedException.class, p::start);
        assertTrue(e.getMessage().contains("exited before connecting back"), e.getMessage());
        assertTrue(e.exitCode().isPresent());
    }

    /** A parent JVM for the lifetime tests: starts one child and reports its pid. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            boolean daemon = args[0].equals("daemon");
            long childSleepMs = Long.parseLong(args[1]);
            JvmProcess child = JvmProcess.builder(() -> {
                try {
                    Thread.sleep(childSleepMs);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("child done");
            }).daemon(daemon).start();
            System.out.println("child " + child.pid());
            if (args.length > 2 && args[2].equals("wait")) {
                Thread.sleep(120_000); // until the test SIGKILLs this JVM
            }
            System.out.println("parent main returned");
        }
    }

    @Test
    void aParentWaitsForItsNonDaemonChildBeforeExiting() throws Exception {
        try (TestJvm parent = TestJvm.start(Parent.class, "nondaemon", "1500")) {
            parent.awaitLine("child ", LONG);
            parent.awaitLine("parent main returned", LONG);
            assertEquals(0, parent.waitFor(LONG));
            List<String> out = parent.output();
            assertTrue(out.indexOf("child done") > out.indexOf("parent main returned"), out.toString());
        }
    }

    @Test
    void aDaemonChildEndsWithItsParent() throws Exception {
        try (TestJvm parent = TestJvm.start(Parent.class, "daemon", "120000")) {
            long child = Long.parseLong(parent.awaitLine("child ", LONG).substring(6));
            assertEquals(0, parent.waitFor(LONG));
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
            assertFalse(parent.output().contains("child done"));
        }
    }

    @Test
    void aSigkilledParentLeavesNoChildAliveFiveSecondsLater() throws Exception {
        try (TestJvm parent = TestJvm.start(Parent.class, "nondaemon", "120000", "wait")) {
            long child = Long.parseLong(parent.awaitLine("child ", LONG).substring(6));
            assertTrue(ProcessHandle.of(child).isPresent());
            parent.process().destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            parent.waitFor(LONG);
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        }
    }
}
