package io.github.multiprocessing4j.ipc.internal.manager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The objects a manager server hosts, and the interfaces their proxies call through. A timeout of
 * {@code -1} nanoseconds means "wait forever". Objects of a {@link Kind#serialized() serialized} kind are
 * called under their own monitor, so every call (a {@code compute} included) is atomic; the others are
 * thread-safe themselves because their calls block.
 */
public final class ServerObjects {
    private ServerObjects() {
    }

    /**
     * Implemented by objects whose blocking calls take something (an element, a lock, permits): when the
     * reply of such a call cannot be delivered because its client went away while it waited, the server
     * gives it back, so an abandoned {@code take} does not swallow an element, an abandoned {@code put}
     * does not add one, nor an abandoned {@code lock()} keep the lock.
     */
    interface Undoable {
        void undo(java.lang.reflect.Method method, Object[] args, Object result);
    }

    /** The server side of a dict: Python's dict keeps insertion order, so does this. */
    public interface DictOps extends Map<Object, Object> {
        /** A copy, for iteration and views on the client. */
        Map<Object, Object> copy();

        @Override
        String toString();
    }

    /** The server side of a list. */
    public interface ListOps extends List<Object> {
        void reverse();

        List<Object> copy();

        @Override
        String toString();
    }

    /** The server side of a queue: a LinkedBlockingQueue. */
    public interface QueueOps extends java.util.concurrent.BlockingQueue<Object> {
        /** Removes and returns up to {@code max} elements, as {@code drainTo} does into a collection here. */
        List<Object> drain(int max);

        @Override
        String toString();
    }

    /** The server side of a namespace: ordered attributes. */
    public interface NamespaceOps {
        Object get(String name);

        Object getOrDefault(String name, Object defaultValue);

        void set(String name, Object value);

        boolean delete(String name);

        boolean has(String name);

        Map<String, Object> copy();

        @Override
        String toString();
    }

    /** The server side of a value; the functions run under the value's monitor. */
    public interface ValueOps {
        Object get();

        void set(Object value);

        Object getAndSet(Object value);

        boolean compareAndSet(Object expected, Object value);

        Object updateAndGet(Function<Object, Object> fn);

        Object getAndUpdate(Function<Object, Object> fn);

        @Override
        String toString();
    }

    /** The server side of a Lock: a fair one-permit semaphore. */
    public interface LockOps {
        boolean acquire(long timeoutNanos) throws InterruptedException;

        void release();

        boolean isLocked();
    }

    /** The server side of an RLock: the owner is named by the client (JVM id and thread id). */
    public interface RLockOps {
        boolean acquire(String owner, long timeoutNanos) throws InterruptedException;

        void release(String owner);

        int holdCount(String owner);
    }

    /** The server side of an event. */
    public interface EventOps {
        void set();

        void clear();

        boolean isSet();

        boolean await(long timeoutNanos) throws InterruptedException;
    }

    /** The server side of a semaphore: a fair java.util.concurrent.Semaphore. */
    public interface SemaphoreOps {
        boolean acquire(int permits, long timeoutNanos) throws InterruptedException;

        void release(int permits);

        int availablePermits();
    }

    /** The server side of a barrier: a CyclicBarrier. */
    public interface BarrierOps {
        int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException;

        int parties();

        int waiting();

        boolean isBroken();

        void reset();
    }

    static final class Dict extends LinkedHashMap<Object, Object> implements DictOps {
        @Override
        public Map<Object, Object> copy() {
            return new LinkedHashMap<>(this);
        }
    }

    static final class HostedList extends ArrayList<Object> implements ListOps {
        HostedList(java.util.Collection<?> items) {
            super(items);
        }

        @Override
        public void reverse() {
            Collections.reverse(this);
        }

        @Override
        public List<Object> copy() {
            return new ArrayList<>(this);
        }
    }

    static final class HostedQueue extends java.util.concurrent.LinkedBlockingDeque<Object> implements QueueOps, Undoable {
        HostedQueue(int capacity) {
            super(capacity);
        }

        @Override
        public void undo(java.lang.reflect.Method method, Object[] args, Object result) {
            String name = method.getName();
            if (result != null && (name.equals("take") || name.equals("poll") || name.equals("remove")
                    && args.length == 0)) {
                offerFirst(result); // back at the head, where it was taken from
            } else if (name.equals("drain") && result instanceof List<?> items) {
                for (int i = items.size() - 1; i >= 0; i--) {
                    offerFirst(items.get(i));
                }
            } else if (name.equals("put") || name.equals("offer") && Boolean.TRUE.equals(result)) {
                // an interrupted put whose element went in after its client gave up: take it back out,
                // from the tail where it went in, so the client's InterruptedException tells the truth
                removeLastOccurrence(args[0]);
            }
        }

        @Override
        public List<Object> drain(int max) {
            List<Object> out = new ArrayList<>();
            drainTo(out, max);
            return out;
        }
    }

    static final class Namespace implements NamespaceOps {
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        public Object get(String name) {
            if (!attributes.containsKey(name)) {
                throw new NoSuchElementException("the namespace has no attribute '" + name + "'; it has " + attributes.keySet());
            }
            return attributes.get(name);
        }

        @Override
        public Object getOrDefault(String name, Object defaultValue) {
            return attributes.getOrDefault(name, defaultValue);
        }

        @Override
        public void set(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public boolean delete(String name) {
            boolean had = attributes.containsKey(name);
            attributes.remove(name);
            return had;
        }

        @Override
        public boolean has(String name) {
            return attributes.containsKey(name);
        }

        @Override
        public Map<String, Object> copy() {
            return new LinkedHashMap<>(attributes);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Namespace(");
            attributes.forEach((k, v) -> sb.append(sb.length() > 10 ? ", " : "").append(k).append('=').append(v));
            return sb.append(')').toString();
        }
    }

    static final class Value implements ValueOps {
        private Object value;

        Value(Object initial) {
            value = initial;
        }

        @Override
        public Object get() {
            return value;
        }

        @Override
        public void set(Object v) {
            value = v;
        }

        @Override
        public Object getAndSet(Object v) {
            Object old = value;
            value = v;
            return old;
        }

        @Override
        public boolean compareAndSet(Object expected, Object v) {
            if (java.util.Objects.equals(value, expected)) {
                value = v;
                return true;
            }
            return false;
        }

        @Override
        public Object updateAndGet(Function<Object, Object> fn) {
            value = fn.apply(value);
            return value;
        }

        @Override
        public Object getAndUpdate(Function<Object, Object> fn) {
            Object old = value;
            value = fn.apply(value);
            return old;
        }

        @Override
        public String toString() {
            return "Value(" + value + ")";
        }
    }

    /** Python's Lock: not reentrant, and any thread of any process may release it. */
    static final class Lock implements LockOps, Undoable {
        @Override
        public void undo(java.lang.reflect.Method method, Object[] args, Object result) {
            if (method.getName().equals("acquire") && Boolean.TRUE.equals(result)) {
                permit.release();
            }
        }

        private final Semaphore permit = new Semaphore(1, true);

        @Override
        public boolean acquire(long timeoutNanos) throws InterruptedException {
            if (timeoutNanos < 0) {
                permit.acquire();
                return true;
            }
            return permit.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public synchronized void release() {
            if (permit.availablePermits() > 0) {
                throw new IllegalStateException("release of an unlocked lock");
            }
            permit.release();
        }

        @Override
        public boolean isLocked() {
            return permit.availablePermits() == 0;
        }
    }

    /** Python's RLock: owned by one thread of one process (the owner string), reentrant. */
    static final class RLock implements RLockOps, Undoable {
        @Override
        public void undo(java.lang.reflect.Method method, Object[] args, Object result) {
            if (method.getName().equals("acquire") && Boolean.TRUE.equals(result)) {
                release((String) args[0]);
            }
        }

        private String owner;
        private int count;

        @Override
        public synchronized boolean acquire(String who, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (owner != null && !owner.equals(who)) {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            owner = who;
            count++;
            return true;
        }

        @Override
        public synchronized void release(String who) {
            if (owner == null || !owner.equals(who)) {
                throw new IllegalMonitorStateException("cannot release an RLock held by " + (owner == null ? "nobody" : owner)
                        + " from " + who);
            }
            if (--count == 0) {
                owner = null;
                notifyAll();
            }
        }

        @Override
        public synchronized int holdCount(String who) {
            return who.equals(owner) ? count : 0;
        }
    }

    static final class Event implements EventOps {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized boolean await(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!flag) {
                if (timeoutNanos < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            return true;
        }
    }

    static final class HostedSemaphore implements SemaphoreOps, Undoable {
        @Override
        public void undo(java.lang.reflect.Method method, Object[] args, Object result) {
            if (method.getName().equals("acquire") && Boolean.TRUE.equals(result)) {
                semaphore.release((Integer) args[0]);
            }
        }

        private final Semaphore semaphore;

        HostedSemaphore(int permits) {
            semaphore = new Semaphore(permits, true);
        }

        @Override
        public boolean acquire(int permits, long timeoutNanos) throws InterruptedException {
            if (timeoutNanos < 0) {
                semaphore.acquire(permits);
                return true;
            }
            return semaphore.tryAcquire(permits, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void release(int permits) {
            semaphore.release(permits);
        }

        @Override
        public int availablePermits() {
            return semaphore.availablePermits();
        }
    }

    static final class Barrier implements BarrierOps {
        private final CyclicBarrier barrier;

        Barrier(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        @Override
        public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
            return timeoutNanos < 0 ? barrier.await() : barrier.await(timeoutNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int parties() {
            return barrier.getParties();
        }

        @Override
        public int waiting() {
            return barrier.getNumberWaiting();
        }

        @Override
        public boolean isBroken() {
            return barrier.isBroken();
        }

        @Override
        public void reset() {
            barrier.reset();
        }
    }

}
