package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {
    @Test
    void threeWorkersSquareTwentyNumbers() throws Exception {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            ProducerConsumer.main(new String[0]);
            assertEquals("all 20 tasks done\n"
                    + "squares: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361, 400]\n"
                    + "sum: 2870\n", out.text());
        }
    }
}
