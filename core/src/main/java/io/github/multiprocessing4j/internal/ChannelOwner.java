package io.github.multiprocessing4j.internal;

/**
 * Marks a process target that reads the parent channel itself (a pool's worker loop). For any other
 * target {@link WorkerMain} watches the channel and ends the JVM when the parent goes away.
 */
public interface ChannelOwner {
}
