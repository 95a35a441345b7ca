package io.github.multiprocessing4j.ipc.internal;

import static io.github.multiprocessing4j.ipc.internal.MutexPeer.COUNTER;
import static io.github.multiprocessing4j.ipc.internal.MutexPeer.LOCK;
import static io.github.multiprocessing4j.ipc.internal.MutexPeer.LONGS;
import static io.github.multiprocessing4j.ipc.internal.MutexPeer.SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.testing.TestJvm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cross-process lock's contended paths: polling, sleeping past the spin window, and dead holders. */
class MutexTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private Path path;
    private Region region;
    private Mutex mutex;

    @BeforeEach
    void map() {
        path = RuntimeDir.newPath("mutex-test-", ".shm");
        region = Region.create(path, SIZE);
        Mutex.initialize(region.buffer(), LOCK);
        mutex = Mutex.at(region, LOCK, false);
    }

    @AfterEach
    void unlink() throws Exception {
        Files.deleteIfExists(path);
    }

    @Test
    void twoJvmsCountingUnderTheLockCountExactly() throws Exception {
        int n = 200_000;
        assertTrue(mutex.tryAcquire());
        try (TestJvm a = TestJvm.start(MutexPeer.class, path.toString(), "count", Integer.toString(n));
             TestJvm b = TestJvm.start(MutexPeer.class, path.toString(), "count", Integer.toString(n))) {
            a.awaitLine("ready", LIMIT);
            b.awaitLine("ready", LIMIT);
            mutex.release(); // both start on a held lock, so they contend from the first iteration
            assertEquals(0, a.waitFor(LIMIT), () -> "output " + a.output());
            assertEquals(0, b.waitFor(LIMIT), () -> "output " + b.output());
        }
        assertEquals(2L * n, (long) LONGS.getVolatile(region.buffer(), COUNTER));
        assertFalse(mutex.isLocked());
    }

    @Test
    void aWaiterHeldOutPastTheSpinWindowSleepsWithoutCpuAndThenAcquires() throws Exception {
        assertTrue(mutex.tryAcquire());
        try (TestJvm waiter = TestJvm.start(MutexPeer.class, path.toString(), "once")) {
            waiter.awaitLine("waiting", LIMIT);
            // it registers in the wait set only after polling for SPIN_NANOS
            Awaitility.await().atMost(LIMIT).until(() -> sleepers() == 1);
            ProcessHandle child = waiter.process().toHandle();
            long cpu0 = cpuNanos(child);
            long budget = TimeUnit.MILLISECONDS.toNanos(150); // a polling waiter would use ~1000 ms
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> cpuNanos(child) - cpu0 < budget);
            mutex.release();
            assertEquals("acquired true recovered false", waiter.awaitLine("acquired", LIMIT));
            assertEquals(0, waiter.waitFor(LIMIT));
        }
        assertEquals(0, sleepers());
        assertFalse(mutex.isLocked());
    }

    @Test
    void aTimedAcquireOfAHeldLockGivesUpAndLeavesItHeld() {
        assertTrue(mutex.tryAcquire());
        long owner = mutex.owner();
        assertFalse(CompletableFuture.supplyAsync(() -> mutex.acquire(TimeUnit.MILLISECONDS.toNanos(2))).join());
        assertFalse(CompletableFuture.supplyAsync(() -> mutex.acquire(TimeUnit.MILLISECONDS.toNanos(30))).join());
        assertEquals(owner, mutex.owner());
        mutex.release();
        assertFalse(mutex.isLocked());
    }

    @Test
    void aLockHeldByASigkilledProcessIsRecoveredByAWaiter() throws Exception {
        try (TestJvm holder = TestJvm.start(MutexPeer.class, path.toString(), "hold")) {
            holder.awaitLine("held", LIMIT);
            assertFalse(mutex.tryAcquire());
            CompletableFuture<String> waiter = CompletableFuture.supplyAsync(
                    () -> mutex.acquire(LIMIT.toNanos()) + " " + mutex.recovered());
            holder.process().destroyForcibly(); // SIGKILL
            assertTrue(holder.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("true true", waiter.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        }
        mutex.release();
        assertTrue(mutex.tryAcquire());
        assertFalse(mutex.recovered(), "an ordinary acquire after a recovery reports none");
        mutex.release();
    }

    private int sleepers() {
        return (int) INTS.getVolatile(region.buffer(), LOCK + LockLayout.WAIT_SET_OFFSET + WaitSetLayout.WAITING_OFFSET);
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow().toNanos();
    }
}
