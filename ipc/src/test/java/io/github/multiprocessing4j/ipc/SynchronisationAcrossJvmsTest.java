package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.SerializableRunnable;
import java.util.OptionalInt;

/** The contract with the peer in a child JVM: every object travels through the codec and is re-mapped. */
class SynchronisationAcrossJvmsTest extends SynchronisationContract {
    @Override
    Peer start(SerializableRunnable task) {
        JvmProcess p = new JvmProcess(task).start();
        return () -> {
            assertTrue(p.join(LONG), "child JVM still running after " + LONG);
            assertEquals(OptionalInt.of(0), p.exitCode(), "child JVM failed; its stderr is above");
        };
    }
}
