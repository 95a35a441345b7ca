package io.github.multiprocessing4j.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.MultiprocessingException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A Hazelcast cluster of member JVMs on this machine, for tests, examples and benchmarks: each member
 * is a {@link JvmProcess} that joins the others over loopback with TCP-IP join (multicast and
 * auto-detection off) under a fresh cluster name, so two test runs never merge. This JVM connects as a
 * client. Members exit when this JVM dies (the {@code JvmProcess} rule), so nothing is orphaned.
 *
 * <pre>{@code
 * try (LoopbackCluster cluster = LoopbackCluster.start(2);
 *      ClusterPool pool = new ClusterPool(cluster.client(), 4)) {
 *     pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * On real hosts, start members with {@link #memberConfig} (listing every host's address instead of
 * loopback) and connect with a {@link ClientConfig} naming them; {@code ClusterPool} code stays the same.
 * Not thread-safe: one thread starts, kills and closes.
 */
public final class LoopbackCluster implements AutoCloseable {
    /**
     * The {@code --add-opens}/{@code --add-exports} Hazelcast asks for on Java 17+ (its "Running in
     * modular Java" notes): without them it warns and falls back to slower paths for off-heap access
     * ({@code java.nio}, {@code sun.nio.ch}), JVM metrics ({@code sun.management},
     * {@code com.sun.management.internal}) and reflection on {@code java.lang}.
     */
    public static final List<String> HAZELCAST_JVM_OPTIONS = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** Small heap and serial GC: a member here holds a few tasks and small queues, not data. */
    private static final List<String> LEAN_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private final String clusterName;
    private final List<Integer> ports;
    private final List<JvmProcess> members = new ArrayList<>();
    private HazelcastInstance client;

    private LoopbackCluster(String clusterName, List<Integer> ports) {
        this.clusterName = clusterName;
        this.ports = ports;
    }

    /**
     * Starts {@code n} member JVMs one after the other (each joins the running ones, which avoids a
     * split start that Hazelcast would only merge minutes later) and connects a client to them.
     * Blocks until all {@code n} are in the cluster, at most 60 s.
     */
    public static LoopbackCluster start(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("members < 1: " + n);
        }
        LoopbackCluster c = new LoopbackCluster("mp4j-" + UUID.randomUUID(), freePorts(n));
        try {
            for (int i = 0; i < n; i++) {
                c.startMember(i);
                if (i == 0) {
                    c.client = HazelcastClient.newHazelcastClient(c.clientConfig());
                }
                c.awaitMembers(i + 1, Duration.ofSeconds(60));
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private void startMember(int i) {
        String name = clusterName;
        int port = ports.get(i);
        int[] all = ports.stream().mapToInt(Integer::intValue).toArray();
        List<String> options = new ArrayList<>(HAZELCAST_JVM_OPTIONS);
        options.addAll(LEAN_JVM_OPTIONS);
        members.add(JvmProcess.builder(() -> runMember(name, port, all)).name("hazelcast-member-" + i)
                .jvmOptions(options.toArray(String[]::new)).start());
    }

    /**
     * Waits until the client sees {@code n} members and each of them owns partitions: a member that has
     * just joined takes no task until partitions have migrated to it, since tasks go to partition owners.
     */
    public void awaitMembers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (client.getCluster().getMembers().size() != n || partitionOwners() != n) {
            if (System.nanoTime() > deadline) {
                throw new MultiprocessingException("the loopback cluster has " + client.getCluster().getMembers().size()
                        + " members (" + partitionOwners() + " owning partitions), not " + n + ", after " + timeout);
            }
            try {
                Thread.sleep(20); // membership events would do, but a poll is simpler and bounded
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MultiprocessingException("interrupted while waiting for cluster members", e);
            }
        }
    }

    private long partitionOwners() {
        return client.getPartitionService().getPartitions().stream().map(p -> p.getOwner())
                .filter(java.util.Objects::nonNull).distinct().count();
    }

    /** A client of this cluster, owned by it (closed by {@link #close()}). */
    public HazelcastInstance client() {
        return client;
    }

    /** The member JVMs, in start order. */
    public List<JvmProcess> members() {
        return Collections.unmodifiableList(members);
    }

    /** The cluster's unique name. */
    public String clusterName() {
        return clusterName;
    }

    /** A client configuration for this cluster: its name and every member's loopback address. */
    public ClientConfig clientConfig() {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName);
        cc.setProperty("hazelcast.logging.type", "none");
        cc.setProperty("hazelcast.phone.home.enabled", "false");
        for (int p : ports) {
            cc.getNetworkConfig().addAddress("127.0.0.1:" + p);
        }
        cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
        return cc;
    }

    /**
     * A configuration for a lite member of this cluster (it owns no partitions, so it runs no
     * {@code ClusterPool} task), to run in this JVM when a member rather than a client should submit:
     * {@code Hazelcast.newHazelcastInstance(cluster.liteMemberConfig())}. The caller shuts it down.
     */
    public Config liteMemberConfig() {
        int[] all = ports.stream().mapToInt(Integer::intValue).toArray();
        return memberConfig(clusterName, freePorts(1).get(0), all).setLiteMember(true);
    }

    /**
     * The configuration of one member: {@code port} on 127.0.0.1 (no auto-increment), TCP-IP join with
     * the other {@code ports}, multicast and auto-detection off, no phone-home, no logging, 7 partitions.
     */
    public static Config memberConfig(String clusterName, int port, int[] ports) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.partition.count", "7");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int p : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + p);
        }
        return c;
    }

    /** A member JVM's target: runs a member until this JVM is killed or its parent dies. */
    static void runMember(String clusterName, int port, int[] ports) {
        System.setProperty("hazelcast.logging.type", "none");
        Hazelcast.newHazelcastInstance(memberConfig(clusterName, port, ports));
        try {
            new CountDownLatch(1).await(); // JvmProcess halts this JVM when the parent goes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILLs member {@code i} and waits for its JVM to end. */
    public void kill(int i) {
        JvmProcess m = members.get(i);
        m.kill();
        m.join(Duration.ofSeconds(30));
    }

    /** Shuts the client down and ends every member JVM (SIGTERM, then SIGKILL after 10 s). Idempotent. */
    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
        for (JvmProcess m : members) {
            if (m.isAlive()) {
                m.terminate();
            }
        }
        for (JvmProcess m : members) {
            if (!m.join(Duration.ofSeconds(10))) {
                m.kill();
                m.join(Duration.ofSeconds(10));
            }
        }
    }

    private static List<Integer> freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new MultiprocessingException("no free loopback port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // it was only held to pick distinct ports
                }
            }
        }
    }
}
