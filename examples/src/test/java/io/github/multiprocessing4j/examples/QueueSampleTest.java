package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.Test;

class QueueSampleTest {
    @Test
    void printsWhatTheChildPut() throws Exception {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            QueueSample.main(new String[0]);
            assertEquals("[42, null, hello]\n", out.text());
        }
    }
}
