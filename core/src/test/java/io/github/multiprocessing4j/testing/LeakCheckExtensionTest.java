package io.github.multiprocessing4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.internal.RuntimeDir;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The leak check must really fail a class that leaks: run leaking classes through the engine and look. */
class LeakCheckExtensionTest {
    static final AtomicReference<JvmProcess> LEAKED = new AtomicReference<>();

    static class LeaksAChild {
        @Test
        void startsAndForgets() {
            LEAKED.set(new JvmProcess(() -> {
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start());
        }
    }

    static class LeaksAFile {
        @Test
        void createsAndForgets() throws IOException {
            Files.createFile(RuntimeDir.newPath("leak", ".map"));
        }
    }

    @Test
    void aLeakedChildFailsTheClassAndIsKilled() {
        String failure = runAndGetClassFailure(LeaksAChild.class);
        assertTrue(failure.contains("child processes still alive"), failure);
        assertTrue(LEAKED.get().join(java.time.Duration.ofSeconds(10)), "the leak check kills what it finds");
    }

    @Test
    void aLeakedFileFailsTheClassAndIsRemoved() throws IOException {
        String failure = runAndGetClassFailure(LeaksAFile.class);
        assertTrue(failure.contains("files left in the runtime directory"), failure);
        try (var files = Files.list(RuntimeDir.get())) {
            assertTrue(files.findAny().isEmpty());
        }
    }

    private static String runAndGetClassFailure(Class<?> testClass) {
        var events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakCheckExtension.GRACE_PARAMETER, "1")
                .selectors(selectClass(testClass)).execute().containerEvents().failed().stream()
                .map(Event::getPayload).toList();
        return events.toString();
    }
}
