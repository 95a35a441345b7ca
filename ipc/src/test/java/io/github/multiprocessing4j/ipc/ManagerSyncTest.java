package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.SerializableRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queue, value, locks, event, semaphore and barrier proxies used from child JVMs. */
class ManagerSyncTest {
    private static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static JvmProcess startChild(SerializableRunnable target) {
        return new JvmProcess(target).start();
    }

    private static void joinOk(JvmProcess p) {
        assertTrue(p.join(Duration.ofSeconds(30)), "child did not finish");
        assertEquals(0, p.exitCode().getAsInt(), "child exit code");
    }

    @Test
    void queueBetweenProcesses() throws Exception {
        BlockingQueue<Object> q = manager.queue();
        BlockingQueue<Object> replies = manager.queue(1);
        JvmProcess p = startChild(() -> {
            try {
                Object first = q.take(); // blocks in the server until the parent puts
                replies.put(List.of(first, 42, "hello"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.put("ping");
        assertEquals(List.of("ping", 42, "hello"), replies.poll(30, TimeUnit.SECONDS));
        joinOk(p);
        assertNull(q.poll());
        assertTrue(replies.offer(1, 10, TimeUnit.MILLISECONDS));
        assertFalse(replies.offer(2), "maxsize 1: a second element does not fit");
        assertEquals(0, replies.remainingCapacity());
        List<Object> drained = new ArrayList<>();
        assertEquals(1, replies.drainTo(drained));
        assertEquals(List.of(1), drained);
    }

    @Test
    void anInterruptedTakeThrowsInterruptedException() throws Exception {
        BlockingQueue<Object> q = manager.queue();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                q.take();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        // wait until the request was sent and the thread reads its reply
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("receive") && f.getClassName().endsWith(".Channel")));
        t.interrupt();
        Throwable e = outcome.get(30, TimeUnit.SECONDS);
        assertTrue(e instanceof InterruptedException, String.valueOf(e));
        assertTrue(e.getMessage().contains("interrupted while waiting for the manager"), e.getMessage());
        // the abandoned take still waits in the server, and takes the next element; its reply cannot be
        // delivered, so the server puts the element back at the head
        q.put("first");
        q.put("second");
        assertEquals("first", q.poll(30, TimeUnit.SECONDS));
        assertEquals("second", q.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void valueUpdatedAtomicallyFromAChild() {
        ValueProxy<Integer> v = manager.value(0);
        JvmProcess p = startChild(() -> {
            for (int i = 0; i < 100; i++) {
                v.updateAndGet(x -> x + 1);
            }
        });
        for (int i = 0; i < 100; i++) {
            v.updateAndGet(x -> x + 1);
        }
        joinOk(p);
        assertEquals(200, v.get());
        assertTrue(v.compareAndSet(200, 7));
        assertEquals(7, v.getAndSet(8));
        assertEquals("Value(8)", v.toString());
    }

    @Test
    void lockHeldByAChildBlocksTheParent() {
        Lock lock = manager.lock();
        EventProxy locked = manager.event();
        EventProxy release = manager.event();
        JvmProcess p = startChild(() -> {
            lock.lock();
            locked.set();
            release.await();
            lock.unlock();
        });
        assertTrue(locked.await(Duration.ofSeconds(30)));
        assertFalse(lock.tryLock(), "the child holds the lock");
        release.set();
        assertTrue(tryLock(lock, Duration.ofSeconds(30)));
        lock.unlock();
        joinOk(p);
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::unlock);
        assertEquals("release of an unlocked lock", e.getMessage());
    }

    private static boolean tryLock(Lock lock, Duration timeout) {
        try {
            return lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rlockIsReentrantAndOwnedByOneThread() {
        Lock r = manager.rlock();
        r.lock();
        r.lock(); // reentrant
        JvmProcess p = startChild(() -> {
            if (r.tryLock()) {
                System.exit(3); // the parent owns it: must not succeed
            }
            try {
                r.unlock();
                System.exit(4);
            } catch (IllegalMonitorStateException expected) {
                // not the owner
            }
        });
        joinOk(p);
        r.unlock();
        r.unlock();
        JvmProcess q = startChild(() -> {
            if (!r.tryLock()) {
                System.exit(5);
            }
            r.unlock();
        });
        joinOk(q);
    }

    @Test
    void semaphoreCountsAcrossProcesses() {
        SemaphoreProxy s = manager.semaphore(2);
        JvmProcess p = startChild(() -> {
            s.acquire();
            s.acquire();
        });
        joinOk(p);
        assertEquals(0, s.availablePermits());
        assertFalse(s.tryAcquire(Duration.ofMillis(20)));
        s.release();
        assertTrue(s.tryAcquire());
        assertEquals("permits < 0: -1", assertThrows(IllegalArgumentException.class, () -> manager.semaphore(-1)).getMessage());
    }

    @Test
    void barrierReleasesAllParties() throws Exception {
        BarrierProxy b = manager.barrier(3);
        ListProxy<Integer> arrivals = manager.list();
        SerializableRunnable party = () -> {
            try {
                arrivals.add(b.await(Duration.ofSeconds(30)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        JvmProcess p1 = startChild(party);
        JvmProcess p2 = startChild(party);
        arrivals.add(b.await(Duration.ofSeconds(30)));
        joinOk(p1);
        joinOk(p2);
        List<Integer> sorted = new ArrayList<>(arrivals.copy());
        sorted.sort(null);
        assertEquals(List.of(0, 1, 2), sorted);
        assertEquals(3, b.parties());
        BarrierProxy lonely = manager.barrier(2);
        assertThrows(TimeoutException.class, () -> lonely.await(Duration.ofMillis(50)));
        assertTrue(lonely.isBroken());
    }
}
