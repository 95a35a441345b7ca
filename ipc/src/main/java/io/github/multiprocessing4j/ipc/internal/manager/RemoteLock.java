package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.multiprocessing4j.MultiprocessingException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The client side of a manager {@code Lock} (not reentrant; any thread of any process may unlock it, as
 * in Python) or {@code RLock} (reentrant, owned by one thread of one JVM). {@code newCondition()} is not
 * supported. A thread blocked in {@code lock()} holds a connection and a server thread; interrupting it
 * closes that connection, and the server may still grant the lock to the abandoned request, so do not
 * interrupt threads waiting for a manager lock.
 */
@DefaultSerializer(ProxySerializer.class)
final class RemoteLock implements Lock, Proxied {
    private static final MethodTable L = MethodTable.of(ServerObjects.LockOps.class);
    private static final int ACQUIRE = L.index("acquire", long.class);
    private static final int RELEASE = L.index("release");
    private static final MethodTable R = MethodTable.of(ServerObjects.RLockOps.class);
    private static final int R_ACQUIRE = R.index("acquire", String.class, long.class);
    private static final int R_RELEASE = R.index("release", String.class);
    /** Names this JVM in RLock owners: pid plus randomness, as pids are reused. */
    private static final String JVM = ProcessHandle.current().pid() + "-" + Long.toHexString(
            ManagerClient.randomLong());

    private final ProxyHandle handle;
    private final boolean reentrant;

    RemoteLock(ProxyHandle handle) {
        this.handle = handle;
        this.reentrant = handle.kind() == Kind.RLOCK;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    private static String owner() {
        return JVM + "/" + Thread.currentThread().getId();
    }

    private boolean acquire(long nanos) throws InterruptedException {
        try {
            return (Boolean) (reentrant ? handle.callChecked(R_ACQUIRE, owner(), nanos) : handle.callChecked(ACQUIRE, nanos));
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MultiprocessingException("lock acquire failed: " + e, e);
        }
    }

    @Override
    public void lock() {
        try {
            acquire(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted on the manager while acquiring " + this, e);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(-1);
    }

    @Override
    public boolean tryLock() {
        try {
            return acquire(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Math.max(0, unit.toNanos(time)));
    }

    @Override
    public void unlock() {
        if (reentrant) {
            handle.call(R_RELEASE, owner());
        } else {
            handle.call(RELEASE);
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a manager lock has no conditions");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proxied p && handle.sameObject(p.handle());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(handle.token.objectId());
    }

    @Override
    public String toString() {
        return (reentrant ? "RLockProxy" : "LockProxy") + "[" + handle + "]";
    }
}
