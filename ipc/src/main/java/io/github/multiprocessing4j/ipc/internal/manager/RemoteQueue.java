package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import java.util.AbstractQueue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a manager queue: a {@link BlockingQueue} whose elements live on the server. A
 * blocking {@code put}/{@code take} holds one connection and one server thread while it waits.
 * {@link #iterator()} walks a read-only snapshot.
 */
@DefaultSerializer(ProxySerializer.class)
@SuppressWarnings("unchecked")
final class RemoteQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Proxied {
    private static final MethodTable T = MethodTable.of(ServerObjects.QueueOps.class);
    private static final int OFFER = T.index("offer", Object.class);
    private static final int OFFER_TIMED = T.index("offer", Object.class, long.class, TimeUnit.class);
    private static final int PUT = T.index("put", Object.class);
    private static final int POLL = T.index("poll");
    private static final int POLL_TIMED = T.index("poll", long.class, TimeUnit.class);
    private static final int TAKE = T.index("take");
    private static final int PEEK = T.index("peek");
    private static final int SIZE = T.index("size");
    private static final int REMAINING = T.index("remainingCapacity");
    private static final int TO_ARRAY = T.index("toArray");
    private static final int CLEAR = T.index("clear");
    private static final int CONTAINS = T.index("contains", Object.class);
    private static final int REMOVE = T.index("remove", Object.class);
    private static final int DRAIN = T.index("drain", int.class);
    private static final int TO_STRING = T.index("toString");

    private final ProxyHandle handle;

    RemoteQueue(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    private Object interruptible(int method, Object... args) throws InterruptedException {
        try {
            return handle.callChecked(method, args);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new io.github.multiprocessing4j.MultiprocessingException(T.describe(method) + " failed: " + e, e);
        }
    }

    @Override
    public boolean offer(E e) {
        return (Boolean) handle.call(OFFER, e);
    }

    @Override
    public void put(E e) throws InterruptedException {
        interruptible(PUT, e);
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        return (Boolean) interruptible(OFFER_TIMED, e, timeout, unit);
    }

    @Override
    public E take() throws InterruptedException {
        return (E) interruptible(TAKE);
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return (E) interruptible(POLL_TIMED, timeout, unit);
    }

    @Override
    public E poll() {
        return (E) handle.call(POLL);
    }

    @Override
    public E peek() {
        return (E) handle.call(PEEK);
    }

    @Override
    public int size() {
        return (Integer) handle.call(SIZE);
    }

    @Override
    public int remainingCapacity() {
        return (Integer) handle.call(REMAINING);
    }

    @Override
    public boolean contains(Object o) {
        return (Boolean) handle.call(CONTAINS, o);
    }

    @Override
    public boolean remove(Object o) {
        return (Boolean) handle.call(REMOVE, o);
    }

    @Override
    public void clear() {
        handle.call(CLEAR);
    }

    @Override
    public Object[] toArray() {
        return (Object[]) handle.call(TO_ARRAY);
    }

    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList((List<E>) Arrays.asList(toArray())).iterator();
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        List<E> items = (List<E>) handle.call(DRAIN, maxElements);
        c.addAll(items);
        return items.size();
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
        return handle.describe(TO_STRING);
    }
}
