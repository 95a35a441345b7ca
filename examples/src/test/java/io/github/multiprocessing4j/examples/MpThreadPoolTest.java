package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MpThreadPoolTest {
    static final double SCALE = 0.1;

    @Test
    void printsTheSquaresInOrderAndTheTasksOverlap() throws Exception {
        List<String> lines = ScaledRun.run(SCALE, MpThreadPool::main);

        assertEquals(2, lines.size(), lines.toString());
        assertEquals("[1, 4, 9, 16, 25]", lines.get(0));
        double elapsed = ScaledRun.elapsedSeconds(lines);
        double serial = 5 * 2 * SCALE;
        assertTrue(elapsed >= 2 * SCALE * 0.95, "every task sleeps " + 2 * SCALE + " s; elapsed " + elapsed);
        assertTrue(elapsed < 0.8 * serial, "tasks did not overlap: serial would be " + serial + " s; elapsed " + elapsed);
    }
}
