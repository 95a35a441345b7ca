package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPoolExampleTest {
    static final double SCALE = 0.5;

    @Test
    void printsTheSquaresTwiceEvenWithAMemberKilledHalfway() throws Exception {
        List<String> lines = ScaledRun.run(SCALE, ClusterPoolExample::main);

        assertEquals(4, lines.size(), lines.toString());
        assertEquals("[1, 4, 9, 16, 25]", lines.get(0));
        assertEquals("with a member killed halfway: [1, 4, 9, 16, 25]", lines.get(2));
        assertTrue(ScaledRun.elapsedSeconds(lines.subList(0, 2)) < 0.8 * 5 * 2 * SCALE, "tasks did not overlap: " + lines);
        assertTrue(ScaledRun.elapsedSeconds(lines) >= 2 * SCALE * 0.95, lines.toString());
    }
}
