package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Pool} shares, run against each implementation (JCTools' QueueSanityTest
 * pattern). Task bodies are static methods so they travel to worker JVMs.
 */
abstract class PoolContractTest {
    protected Pool pool;

    /** A pool of {@code n} workers. */
    protected abstract Pool newPool(int n);

    @BeforeEach
    void createPool() {
        pool = newPool(2);
    }

    @AfterEach
    void terminatePool() {
        pool.terminate();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    static int square(int x) {
        return x * x;
    }

    static int sleepThenReturn(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return millis;
    }

    static int failOn2(int x) {
        if (x == 2) {
            throw new IllegalArgumentException("no twos: " + x);
        }
        return x;
    }

    @Test
    void mapReturnsResultsInInputOrder() {
        assertEquals(range(100).stream().map(x -> x * x).collect(Collectors.toList()), pool.map(PoolContractTest::square, range(100)));
        assertEquals(List.of(), pool.map(PoolContractTest::square, List.of()));
        assertEquals(List.of(1, 4, 9, 16, 25), pool.map(x -> x * x, List.of(1, 2, 3, 4, 5)));
    }

    @Test
    void everyChunksizeGivesTheSameResult() {
        List<Integer> expected = pool.map(PoolContractTest::square, range(50));
        for (int chunksize : new int[] {1, 3, 7, 50, 1000}) {
            assertEquals(expected, pool.map(PoolContractTest::square, range(50), chunksize), "chunksize " + chunksize);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.map(PoolContractTest::square, range(5), 0));
        assertEquals("chunksize < 1: 0", e.getMessage());
    }

    @Test
    void automaticChunksizeIsPythons() {
        assertEquals(25_000, AbstractPool.autoChunksize(200_000, 2));
        assertEquals(1, AbstractPool.autoChunksize(5, 5));
        assertEquals(2, AbstractPool.autoChunksize(10, 2));
        assertEquals(0, AbstractPool.autoChunksize(0, 4));
    }

    @Test
    void starmapAppliesPairsInOrder() {
        List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(1, "a"), Map.entry(2, "b"), Map.entry(3, "c"));
        assertEquals(List.of("a", "bb", "ccc"), pool.starmap((n, s) -> s.repeat(n), pairs));
        assertEquals(List.of(3, 7), pool.starmap(Integer::sum, Map.of(1, 2, 3, 4).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).collect(Collectors.toList())));
    }

    @Test
    void imapIsOrderedAndReadsItsInputLazily() {
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
        ResultIterator<Integer> it = pool.imap(PoolContractTest::square, endless);
        for (int i = 0; i < 20; i++) {
            assertEquals(i * i, it.next());
        }
        assertTrue(pulled.get() < 20 + 4 * 2 + 1, "imap read " + pulled.get() + " items ahead of 20 consumed");
    }

    @Test
    void imapWithChunksizeAndTheEnd() {
        ResultIterator<Integer> it = pool.imap(PoolContractTest::square, range(10), 3);
        List<Integer> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        assertEquals(pool.map(PoolContractTest::square, range(10)), out);
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void imapUnorderedYieldsInCompletionOrder() {
        List<Integer> out = new ArrayList<>();
        pool.imapUnordered(PoolContractTest::sleepThenReturn, List.of(3000, 1, 2, 3)).forEachRemaining(out::add);
        assertEquals(Set.of(3000, 1, 2, 3), new HashSet<>(out));
        assertEquals(3000, out.get(3), "the slow task finishes last: " + out);
    }

    @Test
    void imapRaisesAtTheFailingPositionAndGoesOn() {
        ResultIterator<Integer> it = pool.imap(PoolContractTest::failOn2, range(5));
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertEquals("no twos: 2", e.getMessage());
        assertEquals(3, it.next());
        assertEquals(4, it.next());
    }

    @Test
    void nextWithATimeoutThrowsAndStaysUsable() throws Exception {
        ResultIterator<Integer> it = pool.imap(PoolContractTest::sleepThenReturn, List.of(1500));
        assertThrows(TimeoutException.class, () -> it.next(Duration.ofMillis(50)));
        assertEquals(1500, it.next(Duration.ofSeconds(30)));
    }

    @Test
    void applyAndApplyAsyncWithCallbacks() throws Exception {
        assertEquals(49, pool.<Integer>apply(() -> square(7)));
        AtomicReference<Object> got = new AtomicReference<>();
        CompletableFuture<Integer> f = pool.applyAsync(() -> square(8), got::set, got::set);
        assertEquals(64, f.get(30, TimeUnit.SECONDS));
        assertEquals(64, got.get());

        AtomicReference<Throwable> error = new AtomicReference<>();
        CompletableFuture<Integer> bad = pool.applyAsync(() -> failOn2(2), v -> { }, error::set);
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertInstanceOf(IllegalArgumentException.class, error.get());
        assertEquals("no twos: 2", error.get().getMessage());
    }

    @Test
    void mapAsyncCallsBackWithTheWholeList() throws Exception {
        AtomicReference<List<Integer>> got = new AtomicReference<>();
        CompletableFuture<List<Integer>> f = pool.mapAsync(PoolContractTest::square, range(10), 2, got::set, null);
        assertEquals(pool.map(PoolContractTest::square, range(10)), f.get(30, TimeUnit.SECONDS));
        assertEquals(f.get(), got.get());
        AtomicReference<Throwable> error = new AtomicReference<>();
        CompletableFuture<List<Integer>> bad = pool.mapAsync(PoolContractTest::failOn2, range(5), 1, null, error::set);
        assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        assertEquals("no twos: 2", error.get().getMessage());
    }

    @Test
    void aTaskExceptionKeepsItsTypeAndCheckedOnesAreWrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.map(PoolContractTest::failOn2, range(5)));
        assertEquals("no twos: 2", e.getMessage());
        MultiprocessingException wrapped = assertThrows(MultiprocessingException.class, () -> pool.apply(() -> {
            throw new IOException("disk full");
        }));
        assertInstanceOf(IOException.class, wrapped.getCause());
        assertEquals("disk full", wrapped.getCause().getMessage());
    }

    @Test
    void shutdownFinishesQueuedWorkThenJoinReturns() throws Exception {
        CompletableFuture<List<Integer>> queued = pool.mapAsync(PoolContractTest::sleepThenReturn, List.of(200, 200, 200));
        pool.shutdown();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
        assertTrue(refused.getMessage().contains("not running"), refused.getMessage());
        pool.join();
        assertEquals(List.of(200, 200, 200), queued.get(1, TimeUnit.SECONDS));
        pool.shutdown(); // idempotent
        pool.close();
    }

    @Test
    void joinBeforeShutdownIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, pool::join);
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
    }

    @Test
    void terminateStopsRunningWorkPromptly() {
        assertEquals(1, pool.<Integer>apply(() -> 1)); // workers are up
        CompletableFuture<Integer> a = pool.applyAsync(() -> sleepThenReturn(60_000));
        CompletableFuture<Integer> b = pool.applyAsync(() -> sleepThenReturn(60_000));
        CompletableFuture<Integer> queued = pool.applyAsync(() -> sleepThenReturn(60_000));
        long t = System.nanoTime();
        pool.terminate();
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(20), "terminate took too long");
        for (CompletableFuture<Integer> f : List.of(a, b, queued)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertNotEquals(null, e.getCause());
        }
        pool.terminate(); // idempotent
        pool.join();
    }

    @Test
    void closeIsShutdownThenJoin() {
        CompletableFuture<Integer> f = pool.applyAsync(() -> sleepThenReturn(100));
        pool.close();
        assertTrue(f.isDone());
        pool.close();
    }

    @Test
    void processesIsWhatWasAskedFor() {
        assertEquals(2, pool.processes());
        assertThrows(IllegalArgumentException.class, () -> newPool(0));
    }
}
