package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiprocessingSampleTest {
    static final double SCALE = 0.25;

    @Test
    void bothChildrenPrintInTheirOwnOrderAndOverlap() throws Exception {
        List<String> lines = ScaledRun.run(SCALE, MultiprocessingSample::main);

        assertEquals(10, lines.size(), lines.toString());
        assertEquals(List.of("square:  4", "square:  9", "square:  64", "square:  81"),
                ScaledRun.linesStartingWith(lines, "square: "));
        assertEquals(List.of("cube:  8", "cube:  27", "cube:  512", "cube:  729"),
                ScaledRun.linesStartingWith(lines, "cube: "));
        assertEquals("Successes!", lines.get(8));

        double elapsed = ScaledRun.elapsedSeconds(lines);
        double oneChild = 4 * 3 * SCALE;
        assertTrue(elapsed >= oneChild * 0.95, "each child sleeps " + oneChild + " s; elapsed " + elapsed);
        assertTrue(elapsed < 0.8 * 2 * oneChild, "children did not overlap: serial would be " + 2 * oneChild
                + " s; elapsed " + elapsed);
    }
}
