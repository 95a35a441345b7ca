package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SharedCounterTest {
    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void bothWaysCountExactly() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            SharedCounter.main(new String[0]);
            assertEquals("expected:       200000\nunder the lock: 200000\natomic:         200000\n", out.text());
        }
    }
}
