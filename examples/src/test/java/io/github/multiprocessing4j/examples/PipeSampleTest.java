package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.Test;

class PipeSampleTest {
    @Test
    void printsWhatTheChildSent() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            PipeSample.main(new String[0]);
            assertEquals("[42, null, hello]\n", out.text());
        }
    }
}
