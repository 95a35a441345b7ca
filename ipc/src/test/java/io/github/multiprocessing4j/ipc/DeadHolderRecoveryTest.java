package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A lock whose holding process was SIGKILLed is taken over by the next acquirer, which is told so. */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
class DeadHolderRecoveryTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void aLockHeldByAKilledProcessIsRecoveredByTheNextAcquirer() throws Exception {
        Lock lock = Ipc.lock();
        Event held = Ipc.event();
        JvmProcess holder = new JvmProcess(() -> {
            lock.acquire();
            held.set();
            Event never = Ipc.event();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        assertTrue(held.await(LIMIT));
        assertFalse(lock.acquire(Duration.ofMillis(50)), "the lock is held by the child");
        holder.kill();
        assertTrue(holder.join(LIMIT));
        assertTrue(lock.acquire(LIMIT), "the lock of a killed holder was not recovered within " + LIMIT);
        assertTrue(lock.lastAcquireRecovered());
        lock.release();
        assertTrue(lock.acquire(false));
        assertFalse(lock.lastAcquireRecovered(), "an ordinary acquire reports no recovery");
        lock.release();
    }

    @Test
    void aValueLockHeldByAKilledProcessIsRecoveredAndTheValueStaysUsable() throws Exception {
        SharedLong v = Ipc.value(0L);
        Event held = Ipc.event();
        JvmProcess holder = new JvmProcess(() -> {
            v.getLock().acquire();
            v.set(41);
            held.set();
            try {
                Ipc.event().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        assertTrue(held.await(LIMIT));
        holder.kill();
        try (Held h = v.getLock().hold()) {
            assertTrue(v.getLock().lastAcquireRecovered());
            assertTrue(v.getLock().isHeldByCurrentThread());
            v.set(v.get() + 1);
        }
        assertEquals(42, v.get());
        assertTrue(holder.join(LIMIT));
    }
}
