package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SharedMemorySampleTest {
    @AfterAll
    static void collectUnreachableObjects() {
        System.gc(); // the example's shared objects are unreachable now; their files go with them
    }

    @Test
    void printsWhatTheChildWrote() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            SharedMemorySample.main(new String[0]);
            assertEquals("3.1415927\n[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]\n", out.text());
        }
    }
}
