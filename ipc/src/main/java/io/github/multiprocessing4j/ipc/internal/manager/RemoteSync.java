package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.ipc.BarrierProxy;
import io.github.multiprocessing4j.ipc.EventProxy;
import io.github.multiprocessing4j.ipc.SemaphoreProxy;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/** The client sides of the manager's event, semaphore and barrier: each call is one round trip. */
final class RemoteSync {
    private RemoteSync() {
    }

    private static long nanos(Duration timeout) {
        return Math.max(0, timeout.toNanos());
    }

    private static Object blocking(ProxyHandle handle, int method, Object... args) {
        try {
            return handle.callChecked(method, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting on the manager: " + handle, e);
        } catch (Exception e) {
            throw new MultiprocessingException(handle + " failed: " + e, e);
        }
    }

    @DefaultSerializer(ProxySerializer.class)
    static final class Event implements EventProxy, Proxied {
        private static final MethodTable M = MethodTable.of(ServerObjects.EventOps.class);
        private static final int SET = M.index("set");
        private static final int CLEAR = M.index("clear");
        private static final int IS_SET = M.index("isSet");
        private static final int AWAIT = M.index("await", long.class);

        private final ProxyHandle handle;

        Event(ProxyHandle handle) {
            this.handle = handle;
        }

        @Override
        public ProxyHandle handle() {
            return handle;
        }

        @Override
        public void set() {
            handle.call(SET);
        }

        @Override
        public void clear() {
            handle.call(CLEAR);
        }

        @Override
        public boolean isSet() {
            return (Boolean) handle.call(IS_SET);
        }

        @Override
        public void await() {
            blocking(handle, AWAIT, -1L);
        }

        @Override
        public boolean await(Duration timeout) {
            return (Boolean) blocking(handle, AWAIT, nanos(timeout));
        }

        @Override
        public String toString() {
            return "EventProxy[" + handle + "]";
        }
    }

    @DefaultSerializer(ProxySerializer.class)
    static final class Semaphore implements SemaphoreProxy, Proxied {
        private static final MethodTable M = MethodTable.of(ServerObjects.SemaphoreOps.class);
        private static final int ACQUIRE = M.index("acquire", int.class, long.class);
        private static final int RELEASE = M.index("release", int.class);
        private static final int AVAILABLE = M.index("availablePermits");

        private final ProxyHandle handle;

        Semaphore(ProxyHandle handle) {
            this.handle = handle;
        }

        @Override
        public ProxyHandle handle() {
            return handle;
        }

        @Override
        public void acquire() {
            blocking(handle, ACQUIRE, 1, -1L);
        }

        @Override
        public boolean tryAcquire() {
            return (Boolean) blocking(handle, ACQUIRE, 1, 0L);
        }

        @Override
        public boolean tryAcquire(Duration timeout) {
            return (Boolean) blocking(handle, ACQUIRE, 1, nanos(timeout));
        }

        @Override
        public void release() {
            handle.call(RELEASE, 1);
        }

        @Override
        public int availablePermits() {
            return (Integer) handle.call(AVAILABLE);
        }

        @Override
        public String toString() {
            return "SemaphoreProxy[" + handle + "]";
        }
    }

    @DefaultSerializer(ProxySerializer.class)
    static final class Barrier implements BarrierProxy, Proxied {
        private static final MethodTable M = MethodTable.of(ServerObjects.BarrierOps.class);
        private static final int AWAIT = M.index("await", long.class);
        private static final int PARTIES = M.index("parties");
        private static final int WAITING = M.index("waiting");
        private static final int IS_BROKEN = M.index("isBroken");
        private static final int RESET = M.index("reset");

        private final ProxyHandle handle;

        Barrier(ProxyHandle handle) {
            this.handle = handle;
        }

        @Override
        public ProxyHandle handle() {
            return handle;
        }

        private int await(long nanos) throws BrokenBarrierException, TimeoutException {
            try {
                return (Integer) handle.callChecked(AWAIT, nanos);
            } catch (BrokenBarrierException | TimeoutException | RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MultiprocessingException("interrupted while waiting on the manager: " + handle, e);
            } catch (Exception e) {
                throw new MultiprocessingException(handle + " failed: " + e, e);
            }
        }

        @Override
        public int await() throws BrokenBarrierException {
            try {
                return await(-1);
            } catch (TimeoutException e) {
                throw new IllegalStateException("an untimed barrier wait timed out", e);
            }
        }

        @Override
        public int await(Duration timeout) throws BrokenBarrierException, TimeoutException {
            return await(nanos(timeout));
        }

        @Override
        public int parties() {
            return (Integer) handle.call(PARTIES);
        }

        @Override
        public int waiting() {
            return (Integer) handle.call(WAITING);
        }

        @Override
        public boolean isBroken() {
            return (Boolean) handle.call(IS_BROKEN);
        }

        @Override
        public void reset() {
            handle.call(RESET);
        }

        @Override
        public String toString() {
            return "BarrierProxy[" + handle + "]";
        }
    }
}
