package io.github.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import io.github.multiprocessing4j.internal.Codec;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BlockingQueue} on a Hazelcast {@link IQueue} of Kryo-encoded items, so that items are
 * encoded exactly as on {@code Ipc.queue()} (records, lambdas, non-{@code Serializable} classes) rather
 * than with Hazelcast's Java serialization. Thread-safe; every call is a cluster round trip.
 */
final class ClusterQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {
    private final IQueue<byte[]> q;

    ClusterQueue(IQueue<byte[]> q) {
        this.q = q;
    }

    private static byte[] encode(Object e) {
        return Codec.local().encode(Objects.requireNonNull(e, "queue items must not be null"));
    }

    @SuppressWarnings("unchecked")
    private static <E> E decode(byte[] b) {
        return b == null ? null : (E) Codec.local().decode(b, 0, b.length);
    }

    @Override
    public boolean offer(E e) {
        return q.offer(encode(e));
    }

    @Override
    public void put(E e) throws InterruptedException {
        q.put(encode(e));
    }

    /**
     * The member measures the timeout, from when the call reaches it, and may hand back "full" a little
     * before this caller's own deadline; the remaining time is tried again, so the wait is never short.
     */
    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        byte[] item = encode(e);
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            if (q.offer(item, Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    @Override
    public E take() throws InterruptedException {
        return decode(q.take());
    }

    /** As {@link #offer(Object, long, TimeUnit)}: never returns empty-handed before this caller's deadline. */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] item = q.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (item != null || deadline - System.nanoTime() <= 0) {
                return decode(item);
            }
        }
    }

    @Override
    public E poll() {
        return decode(q.poll());
    }

    @Override
    public E peek() {
        return decode(q.peek());
    }

    @Override
    public int size() {
        return q.size();
    }

    @Override
    public int remainingCapacity() {
        return q.remainingCapacity();
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
        java.util.List<byte[]> raw = new java.util.ArrayList<>();
        int n = q.drainTo(raw, maxElements); // one round trip
        for (byte[] b : raw) {
            c.add(decode(b));
        }
        return n;
    }

    @Override
    public Iterator<E> iterator() {
        throw refused("iterator");
    }

    @Override
    public boolean contains(Object o) {
        throw refused("contains");
    }

    @Override
    public boolean remove(Object o) {
        throw refused("remove(Object)");
    }

    @Override
    public Object[] toArray() {
        throw refused("toArray");
    }

    @Override
    public <T> T[] toArray(T[] a) {
        throw refused("toArray");
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + q.getName() + "]";
    }

    /** As on the local queues: a traversal would see a queue other members change under it. */
    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException(what + " is not supported on a cluster queue: other members change it"
                + " concurrently; use poll/drainTo");
    }
}
