package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.SerializableRunnable;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Python semantics of the primitives when the other party is another thread or another JVM: each test
 * runs part of itself in a "peer" ({@link #start}), which reports back through shared objects only.
 */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
abstract class SynchronisationContract {
    static final Duration LONG = Duration.ofSeconds(30);

    /** A running peer. */
    interface Peer {
        /** Waits for the peer to finish and fails the test if it failed. */
        void join() throws Exception;
    }

    /** Unreachable objects' files are removed by a cleaner after a GC; the leak check then finds none. */
    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    /** Runs {@code task} in a peer: another thread of this JVM, or another JVM. */
    abstract Peer start(SerializableRunnable task);

    static void await(Event e) {
        try {
            if (!e.await(LONG)) {
                throw new AssertionError("event not set within " + LONG);
            }
        } catch (InterruptedException x) {
            throw new AssertionError(x);
        }
    }

    @Test
    void aLockHeldByThePeerTimesOutHereUntilThePeerReleasesIt() throws Exception {
        Lock lock = Ipc.lock();
        Event held = Ipc.event();
        Event go = Ipc.event();
        Peer p = start(() -> {
            lock.acquire();
            held.set();
            await(go);
            lock.release();
        });
        await(held);
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(false));
        assertFalse(lock.acquire(Duration.ofMillis(100)));
        assertFalse(lock.acquire(true, Duration.ofMillis(-5)));
        go.set();
        assertTrue(lock.acquire(LONG));
        assertFalse(lock.lastAcquireRecovered());
        lock.release();
        p.join();
    }

    @Test
    void aPlainLockMayBeReleasedByTheOtherParty() throws Exception {
        Lock lock = Ipc.lock();
        lock.acquire();
        start(lock::release).join();
        assertFalse(lock.isLocked());
        assertTrue(lock.acquire(false));
        lock.release();
    }

    @Test
    void anRLockIsOwnedAndOnlyItsOwnerMayReleaseIt() throws Exception {
        RLock r = Ipc.rlock();
        assertTrue(r.acquire());
        assertTrue(r.acquire(false)); // recursion
        SharedInt outcome = Ipc.rawValue(0);
        SharedInt tried = Ipc.rawValue(0);
        start(() -> {
            tried.set(r.acquire(true, Duration.ofMillis(50)) ? 1 : 2);
            try {
                r.release();
                outcome.set(1);
            } catch (IllegalMonitorStateException e) {
                outcome.set(e.getMessage().startsWith("cannot release an RLock held by thread ") ? 2 : 3);
            }
        }).join();
        assertEquals(2, tried.get(), "the peer acquired an RLock this thread owns");
        assertEquals(2, outcome.get());
        r.release();
        assertTrue(r.isHeldByCurrentThread());
        r.release();
        assertFalse(r.isHeldByCurrentThread());
        SharedInt got = Ipc.rawValue(0);
        start(() -> {
            try (Held h = r.hold()) {
                got.set(1);
            }
        }).join();
        assertEquals(1, got.get());
    }

    @Test
    void semaphorePermitsReleasedByThePeerWakeAWaiterHere() throws Exception {
        Semaphore s = Ipc.semaphore(0);
        assertFalse(s.acquire(Duration.ofMillis(50)));
        Peer p = start(() -> {
            s.release();
            s.release();
        });
        assertTrue(s.acquire(LONG));
        assertTrue(s.acquire(LONG));
        p.join();
        assertFalse(s.acquire(false));
        assertEquals(0, s.getValue());
    }

    @Test
    void aBoundedSemaphoreRefusesTheOverReleaseOfThePeer() throws Exception {
        Semaphore s = Ipc.boundedSemaphore(2);
        SharedInt outcome = Ipc.rawValue(0);
        start(() -> {
            try {
                s.release();
                outcome.set(1);
            } catch (IllegalStateException e) {
                outcome.set(e.getMessage().equals("BoundedSemaphore released too many times: value is already its bound 2") ? 2 : 3);
            }
        }).join();
        assertEquals(2, outcome.get());
        assertEquals(2, s.getValue());
    }

    @Test
    void anEventSetByThePeerWakesEveryWaiterHere() throws Exception {
        Event e = Ipc.event();
        assertFalse(e.await(Duration.ofMillis(50)));
        Event started = Ipc.event();
        Peer p = start(() -> {
            await(started);
            e.set();
        });
        started.set();
        assertTrue(e.await(LONG));
        assertTrue(e.isSet());
        p.join();
        e.clear();
        assertFalse(e.isSet());
        assertFalse(e.await(Duration.ofMillis(20)));
    }

    @Test
    void aConditionSignalledByThePeerWakesAWaiterHere() throws Exception {
        Condition cond = Ipc.condition();
        SharedInt state = Ipc.rawValue(0);
        Peer p;
        try (Held h = cond.hold()) {
            p = start(() -> {
                try (Held h2 = cond.hold()) {
                    state.set(1);
                    cond.signalAll();
                }
            });
            assertTrue(cond.waitFor(() -> state.get() == 1, LONG));
        }
        p.join();
    }

    @Test
    void aConditionWaiterInThePeerIsWokenBySignalHere() throws Exception {
        Condition cond = Ipc.condition(Ipc.lock());
        SharedInt woken = Ipc.rawValue(0);
        Peer p = start(() -> {
            try (Held h = cond.hold()) {
                try {
                    woken.set(cond.await(LONG) ? 1 : 2);
                } catch (InterruptedException e) {
                    woken.set(3);
                }
            }
        });
        // the peer is waiting once it has released the lock after counting itself asleep
        Awaitility.await().atMost(LONG).until(() -> {
            try (Held h = cond.hold()) {
                cond.signal();
            }
            return woken.get() != 0;
        });
        p.join();
        assertEquals(1, woken.get());
    }

    @Test
    void aBarrierReleasesAllPartiesWithDistinctIndices() throws Exception {
        Barrier b = Ipc.barrier(3);
        SharedIntArray index = Ipc.array(new int[] {-1, -1, -1});
        Peer p1 = start(() -> index.set(1, awaitBarrier(b)));
        Peer p2 = start(() -> index.set(2, awaitBarrier(b)));
        index.set(0, b.await(LONG));
        p1.join();
        p2.join();
        int[] got = index.toArray();
        Arrays.sort(got);
        assertArrayEquals(new int[] {0, 1, 2}, got);
        assertEquals(3, b.parties());
        assertFalse(b.isBroken());
        assertEquals(0, b.nWaiting());
    }

    @Test
    void aBarrierAbortedByThePeerBreaksTheWaiterHere() throws Exception {
        Barrier b = Ipc.barrier(2);
        Peer p = start(() -> {
            Awaitility.await().atMost(LONG).until(() -> b.nWaiting() == 1);
            b.abort();
        });
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> b.await(LONG));
        assertEquals("barrier was aborted while waiting", e.getMessage());
        p.join();
        assertTrue(b.isBroken());
        assertThrows(BarrierBrokenException.class, b::await);
        b.reset();
        assertFalse(b.isBroken());
        Peer q = start(() -> awaitBarrier(b));
        b.await(LONG);
        q.join();
    }

    static int awaitBarrier(Barrier b) {
        try {
            return b.await(LONG);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
