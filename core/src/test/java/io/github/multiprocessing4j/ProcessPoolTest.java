package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.CapturedOutput;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link Pool} contract on worker JVMs, plus what only a process pool does. */
class ProcessPoolTest extends PoolContractTest {
    @Override
    protected Pool newPool(int n) {
        return new ProcessPool(n);
    }

    private ProcessPool processPool() {
        return (ProcessPool) pool;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void tasksRunInOtherJvms() {
        Set<Long> pids = new HashSet<>(pool.map(x -> pid(), range(20), 1));
        assertTrue(!pids.contains(pid()), "a task ran in the parent");
        assertTrue(new HashSet<>(processPool().workerPids()).containsAll(pids), pids + " vs " + processPool().workerPids());
        assertTrue(Multiprocessing.activeChildren().stream().anyMatch(p -> pids.contains(p.pid())));
    }

    @Test
    void aTaskThatHaltsItsWorkerFailsWithWorkerDiedAndThePoolGoesOn() {
        WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.apply(() -> {
            Runtime.getRuntime().halt(3);
            return null;
        }));
        assertEquals(3, e.exitCode().getAsInt());
        assertTrue(e.getMessage().contains("died while running the task: exit code 3"), e.getMessage());
        assertEquals(range(10).stream().map(x -> x * x).toList(), pool.map(PoolContractTest::square, range(10)));
    }

    @Test
    void aTaskThatLeavesItsThreadInterruptedDoesNotBreakItsWorker() {
        List<Long> before = processPool().workerPids();
        long ran = pool.apply(() -> {
            Thread.currentThread().interrupt();
            return pid();
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.apply(() -> {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("thrown while interrupted");
        }));
        assertEquals("thrown while interrupted", thrown.getMessage());
        assertEquals(range(10).stream().map(x -> x * x).toList(), pool.map(PoolContractTest::square, range(10), 1));
        assertTrue(before.contains(ran), ran + " not among " + before);
        assertEquals(before, processPool().workerPids(), "no worker may have died and been replaced");
    }

    @Test
    void aWorkerKilledMidTaskFailsOnlyThatTaskWithItsSignal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertEquals(1, pool.<Integer>apply(() -> 1));
        String marker = dir.resolve("running-pid").toString();
        CompletableFuture<Long> running = pool.applyAsync(() -> {
            java.nio.file.Files.writeString(java.nio.file.Path.of(marker), Long.toString(pid()));
            Thread.sleep(60_000);
            return pid();
        });
        CompletableFuture<Integer> other = pool.applyAsync(() -> sleepThenReturn(300));
        java.nio.file.Path markerPath = java.nio.file.Path.of(marker);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> java.nio.file.Files.exists(markerPath) && !java.nio.file.Files.readString(markerPath).isEmpty());
        long victim = Long.parseLong(java.nio.file.Files.readString(markerPath));
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(30, TimeUnit.SECONDS));
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
        assertTrue(died.getMessage().contains("SIGKILL"), died.getMessage());
        assertEquals(victim, died.pid());
        assertEquals(300, other.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 4), pool.map(PoolContractTest::square, range(3)));
    }

    @Test
    void maxTasksPerChildReplacesWorkers() {
        try (ProcessPool p = ProcessPool.builder().processes(1).maxTasksPerChild(2).build()) {
            List<Long> pids = p.map(x -> pid(), range(6), 1);
            assertEquals(3, new HashSet<>(pids).size(), "pids " + pids);
            assertEquals(pids.get(0), pids.get(1));
            assertNotEquals(pids.get(1), pids.get(2));
        }
    }

    @Test
    void aTaskOverTheTimeoutFailsAndItsWorkerIsReplaced() {
        try (ProcessPool p = ProcessPool.builder().processes(1).taskTimeout(Duration.ofMillis(500)).build()) {
            long before = p.<Long>apply(ProcessPoolTest::pid);
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> p.apply(() -> sleepThenReturn(60_000)));
            assertTrue(e.getMessage().contains("taskTimeout PT0.5S"), e.getMessage());
            long after = p.<Long>apply(ProcessPoolTest::pid);
            assertNotEquals(before, after);
            assertTrue(ProcessHandle.of(before).map(h -> !h.isAlive()).orElse(true));
        }
    }

    static int initialized;

    @Test
    void theInitializerRunsOncePerWorker() {
        try (ProcessPool p = ProcessPool.builder().processes(2).initializer(() -> initialized++).build()) {
            List<Integer> counts = p.map(x -> initialized, range(40), 1);
            assertEquals(Set.of(1), new HashSet<>(counts));
        }
        assertEquals(0, initialized, "the initializer ran in the parent");
    }

    @Test
    void aFailingInitializerBreaksThePoolWithItsCause() {
        try (ProcessPool p = ProcessPool.builder().processes(1).initializer(() -> {
            throw new IllegalStateException("no database");
        }).build()) {
            MultiprocessingException e = assertThrows(MultiprocessingException.class, () -> p.apply(() -> 1));
            assertTrue(e.getMessage().contains("initializer failed"), e.getMessage());
            assertTrue(e.getMessage().contains("no database"), e.getMessage());
        }
    }

    @Test
    void printInATaskReachesTheParentsStdout() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            pool.apply(() -> {
                System.out.println("printed by a worker");
                return null;
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.text().contains("printed by a worker"));
        }
    }

    @Test
    void aTaskThatCannotBeEncodedFailsInTheCaller() {
        Thread local = new Thread(() -> { });
        EncodingException e = assertThrows(EncodingException.class, () -> pool.map(x -> local.getName(), range(3)));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void aResultThatCannotBeEncodedGetsAClearError() {
        EncodingException e = assertThrows(EncodingException.class, () -> pool.apply(() -> new Thread(() -> { })));
        assertTrue(e.getMessage().contains("its result cannot be sent back"), e.getMessage());
        assertEquals(4, pool.<Integer>apply(() -> square(2)));
    }

    static final class Undecodable extends RuntimeException {
        Undecodable(String message) {
            super(message);
        }

        private void readObject(ObjectInputStream in) throws InvalidObjectException {
            throw new InvalidObjectException("refuses to be rebuilt");
        }
    }

    @Test
    void anExceptionThatCannotBeRebuiltArrivesAsRemoteException() {
        RemoteException e = assertThrows(RemoteException.class, () -> pool.apply(() -> {
            throw new Undecodable("boom");
        }));
        assertEquals(Undecodable.class.getName(), e.remoteClassName());
        assertEquals("boom", e.remoteMessage());
        assertTrue(e.remoteStackTrace().contains("ProcessPoolTest"), e.remoteStackTrace());
    }

    static byte[] same(byte[] b) {
        return b;
    }

    @Test
    void largeTasksAndResultsBothWaysDoNotDeadlock() {
        // Fast tasks with 256 KiB each way fill both socket directions at once: a reader thread that
        // wrote refills to its own worker would block while the worker blocks writing answers.
        List<byte[]> big = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            byte[] b = new byte[256 * 1024];
            b[0] = (byte) i;
            big.add(b);
        }
        List<byte[]> back = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> pool.map(ProcessPoolTest::same, big, 1));
        for (int i = 0; i < big.size(); i++) {
            assertEquals((byte) i, back.get(i)[0]);
            assertEquals(256 * 1024, back.get(i).length);
        }
    }

    /** 1 MiB arrays whose first element is their index: 48 of them are more than the pool encodes ahead. */
    static List<Object> mebibyteArrays(int n) {
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] d = new double[128 * 1024];
            d[0] = i;
            out.add(d);
        }
        return out;
    }

    static double firstTimesTwo(Object d) {
        return ((double[]) d)[0] * 2;
    }

    @Test
    void aMapBeyondWhatIsEncodedAheadIsEncodedAsTheQueueDrainsInOrder() throws Exception {
        int n = (int) (WorkerPool.ENCODE_AHEAD_BYTES >> 20) + 16;
        WorkerPool engine = processPool().engine();
        CompletableFuture<List<Double>> f = pool.mapAsync(ProcessPoolTest::firstTimesTwo, mebibyteArrays(n), 1, null, null);
        long most = engine.queuedBytes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!f.isDone() && System.nanoTime() < deadline) {
            most = Math.max(most, engine.queuedBytes());
            Thread.onSpinWait();
        }
        List<Double> back = f.get(1, TimeUnit.SECONDS);
        // one thread at a time encodes ahead, so the budget is passed by at most one task (1 MiB and its header)
        assertTrue(most <= WorkerPool.ENCODE_AHEAD_BYTES + (1 << 20) + 1024, "encoded and waiting at most: " + most);
        for (int i = 0; i < n; i++) {
            assertEquals(2.0 * i, back.get(i), "result " + i);
        }
    }

    @Test
    void aChunkEncodedLaterThatCannotBeEncodedFailsTheMapAndThePoolGoesOn() {
        List<Object> items = mebibyteArrays((int) (WorkerPool.ENCODE_AHEAD_BYTES >> 20) + 8);
        items.add(new Thread(() -> { }));
        items.addAll(mebibyteArrays(2));
        EncodingException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(EncodingException.class, () -> pool.map(ProcessPoolTest::firstTimesTwo, items, 1)));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertEquals(List.of(0, 1, 4), pool.map(PoolContractTest::square, range(3)));
    }

    static Object nestedTooDeeply() {
        Object deep = null;
        for (int i = 0; i < 1_000_000; i++) {
            deep = new Object[] {deep};
        }
        return deep;
    }

    @Test
    void aTaskNestedTooDeeplyToEncodeFailsInTheCallerWithEncodingException() {
        Object deep = nestedTooDeeply();
        EncodingException e = assertThrows(EncodingException.class, () -> pool.apply(() -> deep.hashCode()));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }

    @Test
    void aChunkEncodedLaterThatIsTooDeepToEncodeFailsTheMapInsteadOfStallingTheQueue() {
        Object deep = nestedTooDeeply();
        List<Object> items = mebibyteArrays((int) (WorkerPool.ENCODE_AHEAD_BYTES >> 20) + 8);
        items.add(deep);
        items.addAll(mebibyteArrays(2));
        EncodingException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(EncodingException.class, () -> pool.map(ProcessPoolTest::firstTimesTwo, items, 1)));
        assertTrue(e.getMessage().contains("StackOverflowError"), e.getMessage());
        assertEquals(List.of(0, 1, 4), pool.map(PoolContractTest::square, range(3)));
    }

    @Test
    void aBigMapAsyncStillRunsToTheEndAfterShutdown() throws Exception {
        int n = (int) (WorkerPool.ENCODE_AHEAD_BYTES >> 20) + 16;
        CompletableFuture<List<Double>> f = pool.mapAsync(ProcessPoolTest::firstTimesTwo, mebibyteArrays(n), 1, null, null);
        pool.shutdown();
        pool.join();
        List<Double> back = f.get(60, TimeUnit.SECONDS);
        assertEquals(n, back.size());
        assertEquals(2.0 * (n - 1), back.get(n - 1));
    }

    @Test
    void terminateDuringABigMapFailsItPromptly() {
        int n = (int) (WorkerPool.ENCODE_AHEAD_BYTES >> 20) + 64;
        CompletableFuture<List<Double>> f = pool.mapAsync(ProcessPoolTest::firstTimesTwo, mebibyteArrays(n), 1, null, null);
        pool.terminate();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("terminated"), e.getCause().toString());
    }

    @Test
    void closeLetsWorkersExitOnTheirOwnWithCodeZero() {
        assertEquals(List.of(0, 1), pool.map(PoolContractTest::square, range(2)));
        List<Long> pids = processPool().workerPids();
        // a worker that took no task may still be connecting: wait until both are registered children
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Multiprocessing.activeChildren()
                .stream().filter(p -> pids.contains(p.pid())).count() == 2);
        List<JvmProcess> workers = Multiprocessing.activeChildren().stream().filter(p -> pids.contains(p.pid())).toList();
        pool.close();
        for (JvmProcess w : workers) {
            assertEquals(0, w.exitCode().getAsInt(), w + " was killed instead of leaving after STOP");
        }
    }

    @Test
    void workersAreGoneAfterClose() {
        List<Long> pids = processPool().workerPids();
        pool.close();
        for (long p : pids) {
            assertTrue(ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true), "worker " + p + " still alive");
        }
    }

    static String vmOption(String name) {
        return java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption(name).getValue();
    }

    @Test
    void aWorkerDoesNotKeepABigResultsBufferAfterSendingIt() {
        try (ProcessPool one = new ProcessPool(1)) { // both tasks on the same worker
            assertEquals(32 << 20, one.apply(() -> new byte[32 << 20]).length);
            int capacity = one.apply(io.github.multiprocessing4j.internal.WorkerLoop::answerCapacityForTests);
            assertTrue(capacity > 0 && capacity <= 8 << 20, "answer buffer kept at " + capacity + " bytes");
        }
    }

    @Test
    void childrenStartWithASmallHeapThatGrowsAndThePoolsOwnXmsOverridesIt() {
        assertEquals(String.valueOf(32L << 20), pool.apply(() -> vmOption("InitialHeapSize")));
        // the maximum is the JDK's default, so a task may still hold far more than the initial heap
        long max = pool.apply(() -> Runtime.getRuntime().maxMemory());
        assertTrue(max > (256L << 20), "max heap " + max);
        assertEquals(64 << 20, pool.apply(() -> new byte[64 << 20].length));
        try (ProcessPool p = ProcessPool.builder().processes(1).jvmOptions("-Xms128m").build()) {
            assertEquals(String.valueOf(128L << 20), p.apply(() -> vmOption("InitialHeapSize")));
        }
    }

    @Test
    void workersDelayC2AndThePoolsOwnJvmOptionsOverrideThat() {
        assertEquals(List.of("60000", "30000", "70000"), pool.apply(() -> List.of(vmOption("Tier4InvocationThreshold"),
                vmOption("Tier4MinInvocationThreshold"), vmOption("Tier4CompileThreshold"))));
        try (ProcessPool p = ProcessPool.builder().processes(1).jvmOptions("-XX:Tier4InvocationThreshold=5000").build()) {
            assertEquals("5000", p.apply(() -> vmOption("Tier4InvocationThreshold")));
        }
    }
}
