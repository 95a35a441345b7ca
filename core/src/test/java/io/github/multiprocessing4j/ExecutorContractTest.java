package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an {@link ExecutorService} and our {@link Futures} do, whoever runs the tasks: run against
 * {@link ProcessPoolExecutor} and a JDK thread pool, so ours behaves as Java code expects.
 */
abstract class ExecutorContractTest {
    protected ExecutorService executor;

    /** An executor with {@code n} workers. */
    protected abstract ExecutorService newExecutor(int n);

    @BeforeEach
    void create() {
        executor = newExecutor(3);
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }

    static int sleepThenReturn(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return millis;
    }

    static int failAfter(int millis) {
        sleepThenReturn(millis);
        throw new IllegalStateException("failed after " + millis);
    }

    <T> Future<T> submit(SerializableCallable<T> task) {
        return executor.submit((Callable<T>) task);
    }

    @Test
    void asCompletedYieldsInCompletionOrder() throws Exception {
        List<Future<Integer>> fs = List.of(submit(() -> sleepThenReturn(4000)), submit(() -> sleepThenReturn(2000)),
                submit(() -> sleepThenReturn(0)));
        List<Integer> order = new ArrayList<>();
        for (Future<Integer> f : Futures.asCompleted(fs)) {
            order.add(f.get());
        }
        assertEquals(List.of(0, 2000, 4000), order); // margins of 2 s: workers may boot up to ~1 s apart on 2 busy cores
    }

    @Test
    void asCompletedWithATimeoutFailsWithTimeoutException() throws Exception {
        Future<Integer> fast = submit(() -> sleepThenReturn(0));
        Future<Integer> slow = submit(() -> sleepThenReturn(30_000));
        var it = Futures.asCompleted(List.of(fast, slow), Duration.ofMillis(1500)).iterator();
        assertEquals(fast, it.next());
        MultiprocessingException e = assertThrows(MultiprocessingException.class, it::next);
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("1 (of 2) futures unfinished"), e.getMessage());
    }

    @Test
    void waitForFirstCompleted() {
        Future<Integer> fast = submit(() -> sleepThenReturn(0));
        Future<Integer> slow = submit(() -> sleepThenReturn(30_000));
        Futures.DoneAndNotDone<Future<Integer>> r = Futures.waitFor(List.of(fast, slow), Duration.ofSeconds(20), ReturnWhen.FIRST_COMPLETED);
        assertEquals(Set.of(fast), r.done());
        assertEquals(Set.of(slow), r.notDone());
    }

    @Test
    void waitForFirstException() {
        Future<Integer> ok = submit(() -> sleepThenReturn(0));
        Future<Integer> bad = submit(() -> failAfter(300));
        Future<Integer> slow = submit(() -> sleepThenReturn(30_000));
        Futures.DoneAndNotDone<Future<Integer>> r = Futures.waitFor(List.of(ok, bad, slow), Duration.ofSeconds(20), ReturnWhen.FIRST_EXCEPTION);
        assertTrue(r.done().containsAll(Set.of(ok, bad)), r.toString());
        assertEquals(Set.of(slow), r.notDone());
    }

    @Test
    void waitForAllCompletedAndTimeouts() {
        Future<Integer> a = submit(() -> sleepThenReturn(100));
        Future<Integer> b = submit(() -> failAfter(200));
        Futures.DoneAndNotDone<Future<Integer>> all = Futures.waitFor(List.of(a, b), null, ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(a, b), all.done());
        Future<Integer> slow = submit(() -> sleepThenReturn(30_000));
        Futures.DoneAndNotDone<Future<Integer>> timedOut = Futures.waitFor(List.of(a, slow), Duration.ofMillis(300), ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(slow), timedOut.notDone());
        assertThrows(TimeoutException.class, () -> slow.get(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void anExceptionArrivesWrappedWithItsOwnTypeAsCause() {
        Future<Integer> bad = submit(() -> failAfter(0));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("failed after 0", cause.getMessage());
    }

    @Test
    void cancelBeforeRunning() throws Exception {
        List<Future<Integer>> busy = List.of(submit(() -> sleepThenReturn(1500)), submit(() -> sleepThenReturn(1500)),
                submit(() -> sleepThenReturn(1500)));
        Future<Integer> queued = submit(() -> sleepThenReturn(0));
        assertTrue(queued.cancel(false));
        assertTrue(queued.isCancelled());
        assertThrows(CancellationException.class, queued::get);
        for (Future<Integer> f : busy) {
            assertEquals(1500, f.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancelWhileRunningStopsTheTaskAndTheExecutorGoesOn() throws Exception {
        Future<Integer> running = submit(() -> sleepThenReturn(60_000));
        Future<Integer> warm = submit(() -> sleepThenReturn(0));
        assertEquals(0, warm.get(30, TimeUnit.SECONDS));
        assertTrue(running.cancel(true));
        assertThrows(CancellationException.class, running::get);
        assertEquals(5, submit(() -> sleepThenReturn(5)).get(30, TimeUnit.SECONDS));
    }

    @Test
    void invokeAllWaitsForEveryTask() throws Exception {
        List<Callable<Integer>> tasks = List.of((SerializableCallable<Integer>) () -> sleepThenReturn(300),
                (SerializableCallable<Integer>) () -> failAfter(0), (SerializableCallable<Integer>) () -> sleepThenReturn(1));
        List<Future<Integer>> fs = executor.invokeAll(tasks);
        assertTrue(fs.stream().allMatch(Future::isDone));
        assertEquals(300, fs.get(0).get());
        assertThrows(ExecutionException.class, () -> fs.get(1).get());
        List<Future<Integer>> timedOut = executor.invokeAll(List.of((SerializableCallable<Integer>) () -> sleepThenReturn(60_000)),
                300, TimeUnit.MILLISECONDS);
        assertTrue(timedOut.get(0).isCancelled());
    }

    @Test
    void invokeAnyReturnsTheFirstSuccess() throws Exception {
        List<Callable<Integer>> tasks = List.of((SerializableCallable<Integer>) () -> failAfter(0),
                (SerializableCallable<Integer>) () -> sleepThenReturn(200), (SerializableCallable<Integer>) () -> sleepThenReturn(30_000));
        assertEquals(200, executor.invokeAny(tasks));
        List<Callable<Integer>> allFail = List.of((SerializableCallable<Integer>) () -> failAfter(0),
                (SerializableCallable<Integer>) () -> failAfter(10));
        ExecutionException e = assertThrows(ExecutionException.class, () -> executor.invokeAny(allFail));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void shutdownLetsSubmittedTasksFinishAndRefusesNewOnes() throws Exception {
        Future<Integer> f = submit(() -> sleepThenReturn(300));
        executor.shutdown();
        assertTrue(executor.isShutdown());
        assertThrows(RuntimeException.class, () -> submit(() -> 1));
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(300, f.get());
        assertTrue(executor.isTerminated());
    }
}
