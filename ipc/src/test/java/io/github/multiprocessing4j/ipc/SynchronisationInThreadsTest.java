package io.github.multiprocessing4j.ipc;

import io.github.multiprocessing4j.SerializableRunnable;
import java.util.concurrent.atomic.AtomicReference;

/** The contract with the peer in another thread of this JVM. */
class SynchronisationInThreadsTest extends SynchronisationContract {
    @Override
    Peer start(SerializableRunnable task) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "peer");
        t.start();
        return () -> {
            t.join(LONG.toMillis());
            if (t.isAlive()) {
                throw new AssertionError("peer thread still running after " + LONG);
            }
            if (failure.get() != null) {
                throw new AssertionError("peer failed", failure.get());
            }
        };
    }
}
