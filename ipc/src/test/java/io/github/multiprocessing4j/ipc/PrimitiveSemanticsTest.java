package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Python semantics that need no second JVM: errors and their messages, timeouts, notify counts, Barrier states. */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
class PrimitiveSemanticsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void aLockIsNotRecursiveAndCannotBeReleasedUnlocked() {
        Lock lock = Ipc.lock();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::release);
        assertEquals("release of an unlocked Lock", e.getMessage());
        try (Held held = lock.hold()) {
            assertTrue(lock.isLocked());
            assertFalse(lock.acquire(false), "a Lock is not recursive");
            assertFalse(lock.acquire(Duration.ofMillis(20)));
        }
        assertFalse(lock.isLocked());
    }

    @Test
    void anRLockReleasedWithoutBeingHeldSaysWhoHoldsIt() {
        RLock r = Ipc.rlock();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, r::release);
        assertEquals("release of an unlocked RLock", e.getMessage());
        Held outer = r.hold();
        Held inner = r.hold();
        inner.close();
        inner.close(); // idempotent
        assertTrue(r.isHeldByCurrentThread());
        outer.close();
        assertFalse(r.isHeldByCurrentThread());
    }

    @Test
    void anInterruptDoesNotEndALockWaitButIsKept() throws Exception {
        Lock lock = Ipc.lock();
        lock.acquire();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            boolean got = lock.acquire(Duration.ofMillis(300));
            interruptedAfter.complete(!got && Thread.currentThread().isInterrupted());
        });
        t.start();
        t.interrupt();
        assertTrue(interruptedAfter.get(30, TimeUnit.SECONDS), "acquire returned early or lost the interrupt");
        lock.release();
    }

    @Test
    void semaphoresCountAndCheckTheirArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipc.semaphore(-1));
        assertEquals("semaphore initial value < 0: -1", e.getMessage());
        Semaphore s = Ipc.semaphore(2);
        assertFalse(s.isBounded());
        try (Held a = s.hold(); Held b = s.hold()) {
            assertEquals(0, s.getValue());
            assertFalse(s.acquire(true, Duration.ofMillis(20)));
        }
        s.release();
        assertEquals(3, s.getValue(), "an unbounded semaphore may go above its initial value");
        Semaphore bounded = Ipc.boundedSemaphore(1);
        assertTrue(bounded.isBounded());
        bounded.acquire();
        bounded.release();
        IllegalStateException over = assertThrows(IllegalStateException.class, bounded::release);
        assertEquals("BoundedSemaphore released too many times: value is already its bound 1", over.getMessage());
    }

    @Test
    void anEventWaitIsInterruptible() throws Exception {
        Event e = Ipc.event();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                e.await();
                outcome.complete(null);
            } catch (InterruptedException x) {
                outcome.complete(x);
            }
        });
        t.start();
        t.interrupt();
        assertTrue(outcome.get(30, TimeUnit.SECONDS) instanceof InterruptedException);
    }

    @Test
    void conditionWaitNeedsTheLockAndTimesOut() throws Exception {
        Condition c = Ipc.condition();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, () -> c.await(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("cannot await on a condition whose lock is held by nobody"), e.getMessage());
        assertThrows(IllegalMonitorStateException.class, c::signal);
        try (Held h = c.hold(); Held again = c.hold()) { // the RLock is held twice; await releases both
            assertFalse(c.await(Duration.ofMillis(30)));
            assertFalse(c.waitFor(() -> false, Duration.ofMillis(30)));
            assertTrue(((RLock) c.getLock()).isHeldByCurrentThread());
        }
        assertFalse(((RLock) c.getLock()).isHeldByCurrentThread());
    }

    @Test
    void signalWakesOneWaiterAndSignalAllTheRest() throws Exception {
        Condition c = Ipc.condition();
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger sleeping = new AtomicInteger();
        Thread[] waiters = new Thread[3];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = new Thread(() -> {
                try (Held h = c.hold()) {
                    sleeping.incrementAndGet();
                    if (c.await(LONG)) {
                        woken.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters[i].start();
        }
        // once a waiter counted itself it holds the lock until await releases it: taking the lock means it waits
        Awaitility.await().atMost(LONG).until(() -> sleeping.get() == 3);
        try (Held h = c.hold()) {
            c.signal();
        }
        Awaitility.await().atMost(LONG).until(() -> woken.get() == 1);
        try (Held h = c.hold()) {
            c.signalAll();
        }
        for (Thread t : waiters) {
            t.join(LONG.toMillis());
        }
        assertEquals(3, woken.get());
    }

    @Test
    void aBarrierRunsItsActionOncePerCycleAndIsReusable() throws Exception {
        SharedInt actions = Ipc.rawValue(0);
        Barrier b = Ipc.barrier(2, () -> actions.incrementAndGet(), null);
        for (int cycle = 1; cycle <= 2; cycle++) {
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> SynchronisationContract.awaitBarrier(b));
            int mine = b.await(LONG);
            assertEquals(1, mine + other.get(30, TimeUnit.SECONDS));
            assertEquals(cycle, actions.get());
        }
    }

    @Test
    void aBarrierWaitThatTimesOutBreaksIt() {
        Barrier b = Ipc.barrier(2);
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> b.await(Duration.ofMillis(50)));
        assertEquals("barrier wait timed out after PT0.05S with 1 of 2 parties waiting", e.getMessage());
        assertTrue(b.isBroken());
        BarrierBrokenException later = assertThrows(BarrierBrokenException.class, () -> b.await(LONG));
        assertEquals("barrier is broken (aborted, or a party timed out or was interrupted)", later.getMessage());
        b.reset();
        assertFalse(b.isBroken());
    }

    @Test
    void resettingABarrierBreaksItsCurrentWaiters() throws Exception {
        Barrier b = Ipc.barrier(3, null, LONG);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                b.await();
                return null;
            } catch (BarrierBrokenException | InterruptedException e) {
                return e;
            }
        });
        Awaitility.await().atMost(LONG).until(() -> b.nWaiting() == 1);
        b.reset();
        Throwable t = waiter.get(30, TimeUnit.SECONDS);
        assertTrue(t instanceof BarrierBrokenException, String.valueOf(t));
        assertEquals("barrier was reset while waiting", t.getMessage());
        assertFalse(b.isBroken());
        assertEquals(0, b.nWaiting());
    }

    @Test
    void aBarrierActionThatThrowsBreaksTheBarrier() {
        Barrier b = Ipc.barrier(1, () -> {
            throw new IllegalStateException("action failed");
        }, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::await);
        assertEquals("action failed", e.getMessage());
        assertTrue(b.isBroken());
        assertThrows(IllegalArgumentException.class, () -> Ipc.barrier(0));
    }

}
