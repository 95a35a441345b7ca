package io.github.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.BlockingQueue;

/**
 * The cluster twins of {@code Ipc.queue()} and {@code Manager.dict()}: a {@link java.util.concurrent.BlockingQueue}
 * and a {@link java.util.Map} that every member and client of a Hazelcast cluster sees under one name.
 *
 * <pre>{@code
 * BlockingQueue<String> q = ClusterIpc.queue(hz, "jobs");
 * pool.apply(() -> ClusterIpc.queue(Hazelcast.getAllHazelcastInstances().iterator().next(), "jobs").offer("hi"));
 * q.take(); // "hi"
 * }</pre>
 *
 * <p>Queue items are Kryo-encoded as on {@code Ipc.queue()}, so any item a local queue takes travels;
 * {@code null} is refused, and traversals ({@code iterator}, {@code contains}, {@code remove(Object)},
 * {@code toArray}) are refused as on the local queues. Differences, all Hazelcast's: a queue's capacity
 * is set in the members' {@code QueueConfig} (unbounded by default); the dict is Hazelcast's
 * {@link IMap} itself, so its keys and values travel with Hazelcast's serialization (they must be
 * {@link java.io.Serializable} or have a Hazelcast serializer) and {@code null} keys or values are refused
 * with {@code NullPointerException}; and both live until {@code destroy()} on the Hazelcast object, not
 * until the last user closes them. Neither object can be captured by a task: on a member, look it up
 * again with the member's own instance ({@code Hazelcast.getAllHazelcastInstances()}).
 */
public final class ClusterIpc {
    private ClusterIpc() {
    }

    /** The cluster-wide queue {@code name}, created on first use. Thread-safe; blocking calls wait on the cluster. */
    public static <E> BlockingQueue<E> queue(HazelcastInstance hz, String name) {
        return new ClusterQueue<>(hz.getQueue(name));
    }

    /** The cluster-wide map {@code name}, created on first use. Thread-safe. */
    public static <K, V> IMap<K, V> dict(HazelcastInstance hz, String name) {
        return hz.getMap(name);
    }
}
