package io.github.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The cluster twins of {@code Ipc.queue()} and {@code Manager.dict()}: a {@link java.util.concurrent.BlockingQueue}
 * and a {@link java.util.Map} that every member and client of a Hazelcast cluster sees under one name.
 *
 * <pre>{@code
 * BlockingQueue<String> q = ClusterIpc.queue(hz, "jobs");
 * pool.apply(() -> ClusterIpc.queue(Hazelcast.getAllHazelcastInstances().iterator().next(), "jobs").put("hi"));
 * }</pre>
 *
 * <p>Differences from the local twins, all Hazelcast's: elements, keys and values travel with
 * Hazelcast's serialization (so they must be {@link java.io.Serializable} or have a Hazelcast
 * serializer), {@code null} elements, keys and values are refused with {@code NullPointerException}, a
 * queue's capacity is set in the members' {@code QueueConfig} (unbounded by default), and the objects
 * live until {@code destroy()} is called on them, not until the last user closes them.
 */
public final class ClusterIpc {
    private ClusterIpc() {
    }

    /** The cluster-wide queue {@code name}, created on first use. Thread-safe; blocking calls wait on the cluster. */
    public static <E> IQueue<E> queue(HazelcastInstance hz, String name) {
        return hz.getQueue(name);
    }

    /** The cluster-wide map {@code name}, created on first use. Thread-safe. */
    public static <K, V> IMap<K, V> dict(HazelcastInstance hz, String name) {
        return hz.getMap(name);
    }
}
