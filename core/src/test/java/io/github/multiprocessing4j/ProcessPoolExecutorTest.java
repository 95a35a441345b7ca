package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessPoolExecutorTest extends ExecutorContractTest {
    @Override
    protected ExecutorService newExecutor(int n) {
        return new ProcessPoolExecutor(n);
    }

    private ProcessPoolExecutor ours() {
        return (ProcessPoolExecutor) executor;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void aPlainLambdaResolvesToTheSerializableOverload() throws Exception {
        CompletableFuture<Integer> f = ours().submit(() -> 6 * 7);
        assertEquals(42, f.get(30, TimeUnit.SECONDS));
        CompletableFuture<?> r = ours().submit(() -> System.out.println("side effect in " + pid()));
        r.get(30, TimeUnit.SECONDS);
        Runnable notSerializable = new Runnable() {
            @Override
            public void run() {
            }
        };
        EncodingException e = assertThrows(EncodingException.class, () -> executor.submit(notSerializable));
        assertTrue(e.getMessage().contains("ProcessPoolExecutorTest"), e.getMessage());
    }

    @Test
    void aWorkerKilledMidTaskFailsItWithItsExitCodeAndIsReplaced() throws Exception {
        CompletableFuture<Integer> dies = ours().submit(() -> {
            Runtime.getRuntime().halt(9);
            return 0;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> dies.get(30, TimeUnit.SECONDS));
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
        assertEquals(9, died.exitCode().getAsInt());
        assertEquals(7, ours().submit(() -> 7).get(30, TimeUnit.SECONDS));
    }

    @Test
    void withoutReplacementADeadWorkerBreaksTheExecutorAndNothingHangs() throws Exception {
        try (ProcessPoolExecutor broken = ProcessPoolExecutor.builder().maxWorkers(2).replaceDeadWorkers(false).build()) {
            CompletableFuture<Integer> slow = broken.submit(() -> sleepThenReturn(60_000));
            CompletableFuture<Integer> dies = broken.submit(() -> {
                Runtime.getRuntime().halt(1);
                return 0;
            });
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                queued.add(broken.submit(() -> sleepThenReturn(60_000)));
            }
            assertInstanceOf(WorkerDiedException.class, assertThrows(ExecutionException.class,
                    () -> dies.get(30, TimeUnit.SECONDS)).getCause());
            for (CompletableFuture<Integer> f : queued) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("BrokenProcessPool"), e.getCause().getMessage());
            }
            assertThrows(ExecutionException.class, () -> slow.get(30, TimeUnit.SECONDS));
            ExecutionException later = assertThrows(ExecutionException.class, () -> broken.submit(() -> 1).get(30, TimeUnit.SECONDS));
            assertTrue(later.getCause().getMessage().contains("BrokenProcessPool"), later.getCause().getMessage());
        }
    }

    @Test
    void cancelTrueOnARunningTaskReplacesItsWorker() throws Exception {
        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            long before = one.submit(ProcessPoolExecutorTest::pid).get(30, TimeUnit.SECONDS);
            CompletableFuture<Integer> running = one.submit(() -> sleepThenReturn(60_000));
            assertTrue(running.cancel(true));
            long after = one.submit(ProcessPoolExecutorTest::pid).get(30, TimeUnit.SECONDS);
            assertTrue(before != after, "the worker was not replaced");
            assertThrows(CancellationException.class, running::get);
        }
    }

    @Test
    void shutdownWithCancelFuturesCancelsWhatHasNotStarted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (ProcessPoolExecutor one = new ProcessPoolExecutor(1)) {
            assertEquals(1, one.submit(() -> 1).get(30, TimeUnit.SECONDS));
            String marker = dir.resolve("started").toString();
            CompletableFuture<Integer> running = one.submit(() -> {
                java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
                return sleepThenReturn(500);
            });
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> java.nio.file.Files.exists(java.nio.file.Path.of(marker)));
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(one.submit(() -> sleepThenReturn(500)));
            }
            one.shutdown(true);
            assertTrue(one.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(500, running.get());
            assertTrue(queued.stream().allMatch(CompletableFuture::isCancelled), queued.toString());
        }
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverRan() throws Exception {
        ProcessPoolExecutor one = new ProcessPoolExecutor(1);
        CompletableFuture<Integer> running = one.submit(() -> sleepThenReturn(60_000));
        one.submit(() -> sleepThenReturn(1));
        one.submit(() -> sleepThenReturn(2));
        List<Runnable> never = one.shutdownNow();
        assertTrue(never.size() >= 2, "never ran: " + never.size());
        assertTrue(one.awaitTermination(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shutdownNowHandsBackTheRunnablesAsSubmittedButNotTheCancelledOnes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ProcessPoolExecutor one = new ProcessPoolExecutor(1);
        String started = dir.resolve("started").toString();
        CompletableFuture<Integer> running = one.submit(() -> {
            java.nio.file.Files.createFile(java.nio.file.Paths.get(started));
            return sleepThenReturn(60_000);
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> java.nio.file.Files.exists(java.nio.file.Paths.get(started)));
        SerializableRunnable queued = () -> sleepThenReturn(1);
        SerializableRunnable cancelled = () -> sleepThenReturn(2);
        one.submit(queued);
        one.submit(cancelled).cancel(false);
        List<Runnable> never = one.shutdownNow();
        assertEquals(1, never.size(), never.toString());
        assertSame(queued, never.get(0));
        assertTrue(one.awaitTermination(30, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
    }

    @Test
    void mapIsLazyAndOrdered() {
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return pulled.getAndIncrement();
            }
        };
        Iterator<Integer> results = ours().map(x -> x * 10, endless);
        for (int i = 0; i < 30; i++) {
            assertEquals(i * 10, results.next());
        }
        assertTrue(pulled.get() <= 30 + 4 * 3 + 1, "read ahead: " + pulled.get());
    }
}
