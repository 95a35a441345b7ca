package io.github.multiprocessing4j.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.WorkerDiedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChildLauncherTest {

    /**
     * The child's exit closes the listening socket. A child that died before the caller even began to
     * wait for it (a JVM that refuses its options exits within milliseconds) found the socket closed
     * already, not closed under it, and the caller got "cannot connect to child JVM ...: null". JDK 17's
     * accept reports both as an AsynchronousCloseException; JDK 25's reports this one as a plain
     * ClosedChannelException, which is where it failed (the suite passes on JDK 25 too, see README).
     */
    @Test
    void aChildThatDiedBeforeTheCallerWaitedIsReportedWithItsExitCode() {
        ChildLauncher.Pending p = ChildLauncher.spawn(
                new ChildLauncher.Spec("dies-at-once", false, List.of("-XX:+NoSuchJvmOption"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !p.listening()); // its exit closed the socket
        WorkerDiedException e = assertThrows(WorkerDiedException.class, p::connect);
        assertTrue(e.getMessage().contains("exited before connecting back"), e.getMessage());
        assertEquals(OptionalInt.of(1), e.exitCode());
    }
}
