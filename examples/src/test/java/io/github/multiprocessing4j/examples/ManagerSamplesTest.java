package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.Test;

/** Runs the manager examples and checks what they print. */
class ManagerSamplesTest {

    @Test
    void serverProcessSample() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            ServerProcessSample.main(new String[0]);
            assertEquals("{1=1, 2=2, 0.25=null}\n[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]\n", out.text());
        }
    }

    @Test
    void remoteManagerSample() throws Exception {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            RemoteManagerSample.main(new String[0]);
            assertEquals("hello\n{x=11, y=2}\n", out.text());
        }
    }
}
