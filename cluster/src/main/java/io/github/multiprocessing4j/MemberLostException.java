package io.github.multiprocessing4j;

import java.util.OptionalInt;

/**
 * A cluster member left (crashed, was killed, or lost its network) while it ran a task of a
 * {@link ClusterPool} or {@link ClusterExecutor}. It is a {@link WorkerDiedException}, so code written
 * for {@link ProcessPool} handles it unchanged; there is no local pid ({@link #pid()} is -1) and no exit
 * code. The cause is Hazelcast's own exception ({@code MemberLeftException},
 * {@code TargetDisconnectedException}…).
 */
public class MemberLostException extends WorkerDiedException {
    private static final long serialVersionUID = 1L;

    public MemberLostException(String message, Throwable cause) {
        super(message, -1, OptionalInt.empty());
        initCause(cause);
    }
}
