package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.WaitSetPeer.LONGS;
import static io.github.multiprocessing4j.ipc.internal.WaitSetPeer.PING;
import static io.github.multiprocessing4j.ipc.internal.WaitSetPeer.PONG;
import static io.github.multiprocessing4j.ipc.internal.WaitSetPeer.SIZE;
import static io.github.multiprocessing4j.ipc.internal.WaitSetPeer.TURN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.testing.TestJvm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaitSetTest {
    private Path path;
    private MappedByteBuffer region;

    @BeforeEach
    void map() {
        path = RuntimeDir.newPath("waitset-test-", ".shm");
        region = MappedFiles.create(path, SIZE);
        WaitSet.initialize(region, PING);
        WaitSet.initialize(region, PONG);
    }

    @AfterEach
    void unlink() throws Exception {
        Files.deleteIfExists(path);
    }

    @Test
    void rejectsRegionsThatDoNotHoldIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitSet.at(region, 4));
        assertEquals("wait set offset is negative or not 8-aligned: 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WaitSet.at(region, SIZE - 8));
        assertEquals("wait set at offset " + (SIZE - 8) + " needs " + WaitSet.BYTES + " bytes but the region holds " + SIZE,
                e.getMessage());
    }

    @Test
    void timesOutWithTheLastValueOfTheCondition() throws Exception {
        WaitSet ws = WaitSet.at(region, PING);
        assertFalse(ws.await(() -> false, 0));
        assertFalse(ws.await(() -> false, TimeUnit.MILLISECONDS.toNanos(50)));
        assertTrue(ws.await(() -> true, TimeUnit.MILLISECONDS.toNanos(50)));
    }

    @Test
    void wakesAWaiterOfTheSameJvmAndIdlesWithoutCpu() throws Exception {
        WaitSet ws = WaitSet.at(region, PING);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            sleeping.countDown();
            try {
                result.set(ws.await(() -> (long) LONGS.getAcquire(region, TURN) == 1, -1));
            } catch (InterruptedException e) {
                result.set(e);
            }
        });
        waiter.start();
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        awaitWaiting(1);
        long cpu0 = mx.getThreadCpuTime(waiter.getId());
        Thread.sleep(400); // measuring idle CPU over a span, not synchronising
        long cpu = mx.getThreadCpuTime(waiter.getId()) - cpu0;
        assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(40), "an idle waiter used " + cpu / 1000 + " µs of CPU in 400 ms");
        LONGS.setVolatile(region, TURN, 1L);
        ws.signalAll();
        waiter.join(10_000);
        assertEquals(Boolean.TRUE, result.get());
        assertEquals(0, waiting(PING));
    }

    @Test
    void interruptUnregistersAndThrows() throws Exception {
        WaitSet ws = WaitSet.at(region, PING);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                result.set(ws.await(() -> false, -1));
            } catch (InterruptedException e) {
                result.set(e);
            }
        });
        waiter.start();
        awaitWaiting(1);
        waiter.interrupt();
        waiter.join(10_000);
        assertTrue(result.get() instanceof InterruptedException, "got " + result.get());
        assertEquals(0, waiting(PING));
    }

    @Test
    void pingPongWithAnotherJvmLosesNoWakeUp() throws Exception {
        int rounds = 3000;
        WaitSet ping = WaitSet.at(region, PING);
        WaitSet pong = WaitSet.at(region, PONG);
        try (TestJvm peer = TestJvm.start(WaitSetPeer.class, path.toString(), Integer.toString(rounds))) {
            peer.awaitLine("ready", Duration.ofSeconds(30));
            long[] rtt = new long[rounds];
            long t0 = System.nanoTime();
            for (long i = 1; i <= rounds; i++) {
                long even = 2 * i;
                long t = System.nanoTime();
                LONGS.setVolatile(region, TURN, 2 * i - 1);
                ping.signalAll();
                assertTrue(pong.await(() -> (long) LONGS.getAcquire(region, TURN) == even, TimeUnit.SECONDS.toNanos(10)),
                        "no pong in round " + i + ", output " + peer.output());
                rtt[(int) i - 1] = System.nanoTime() - t;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // A lost wake-up costs a 100 ms periodic re-check: 300 of them (10 %) would take 30 s; a normal run
            // takes well under a second even on busy cores.
            assertTrue(seconds < 30, rounds + " round trips took " + seconds + " s: wake-ups are being lost");
            peer.awaitLine("done", Duration.ofSeconds(10));
            assertEquals(0, peer.waitFor(Duration.ofSeconds(10)));
            Arrays.sort(rtt);
            System.out.printf("WaitSet ping-pong round trip: p50 %d µs, p99 %d µs%n", rtt[rounds / 2] / 1000,
                    rtt[rounds * 99 / 100] / 1000);
        }
    }

    @Test
    void aSignallerReclaimsTheSlotOfAJvmThatDiedWhileWaiting() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        long deadPid = gone.pid();
        LONGS.setVolatile(region, PING + WaitSetLayout.slotOffset(0), WaitSetLayout.slot(deadPid, 2));
        java.lang.invoke.VarHandle ints = java.lang.invoke.MethodHandles.byteBufferViewVarHandle(int[].class,
                java.nio.ByteOrder.nativeOrder());
        ints.setVolatile(region, PING + WaitSetLayout.SLOT_LIMIT_OFFSET, 1);
        ints.setVolatile(region, PING + WaitSetLayout.WAITING_OFFSET, 2);
        WaitSet.at(region, PING).signalAll();
        assertEquals(0L, (long) LONGS.getVolatile(region, PING + WaitSetLayout.slotOffset(0)));
        assertEquals(0, waiting(PING));
    }

    private int waiting(int offset) {
        return (int) java.lang.invoke.MethodHandles.byteBufferViewVarHandle(int[].class, java.nio.ByteOrder.nativeOrder())
                .getVolatile(region, offset + WaitSetLayout.WAITING_OFFSET);
    }

    private void awaitWaiting(int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting(PING) == n);
    }
}
