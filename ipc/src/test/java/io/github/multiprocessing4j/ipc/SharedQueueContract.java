package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BlockingQueueContract} plus what {@link SharedQueue} adds: close semantics. */
abstract class SharedQueueContract extends BlockingQueueContract {
    @Override
    protected void dispose(BlockingQueue<Object> q) {
        ((SharedQueue<Object>) q).close();
    }

    @Test
    void aClosedHandleRefusesEveryOperationAndCloseIsIdempotent() throws Exception {
        SharedQueue<Object> q = (SharedQueue<Object>) queue();
        q.close();
        q.close();
        assertTrue(q.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.put(1));
        assertTrue(e.getMessage().contains("closed in this process"), e.getMessage());
        assertThrows(IllegalStateException.class, q::take);
        assertThrows(IllegalStateException.class, q::poll);
        assertThrows(IllegalStateException.class, q::size);
    }

    @Test
    void theCreatorsCloseWakesABlockedTakeWithClosedException() throws Exception {
        SharedQueue<Object> q = (SharedQueue<Object>) queue();
        SharedQueue<Object> other = roundTrip(q);
        CompletableFuture<Object> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return other.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        other.put("left over");
        assertEquals("left over", taken.get(20, TimeUnit.SECONDS));
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return other.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ClosedException, "got " + e.getCause());
        assertTrue(e.getCause().getMessage().contains("closed by its creator"), e.getCause().getMessage());
        ClosedException put = assertThrows(ClosedException.class, () -> other.put(1));
        assertTrue(put.getMessage().contains("cannot put"), put.getMessage());
    }

    /** The handle another JVM would get: encoded and decoded by the codec, as a process target does. */
    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T handle) {
        return (T) io.github.multiprocessing4j.internal.Codec.local().roundTrip(handle);
    }
}
