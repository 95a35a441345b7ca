package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadingSampleTest {
    static final double SCALE = 0.1;

    @Test
    void bothThreadsPrintInTheirOwnOrderAndOverlap() throws Exception {
        List<String> lines = ScaledRun.run(SCALE, ThreadingSample::main);

        assertEquals(12, lines.size(), lines.toString());
        assertEquals(List.of("Calculate square numbers: ", "square:  4", "square:  9", "square:  64", "square:  81"),
                lines.stream().filter(l -> l.startsWith("Calculate square") || l.startsWith("square: ")).toList());
        assertEquals(List.of("Calculate cube numbers: ", "cube:  8", "cube:  27", "cube:  512", "cube:  729"),
                lines.stream().filter(l -> l.startsWith("Calculate cube") || l.startsWith("cube: ")).toList());
        assertEquals("Successes!", lines.get(10));

        double elapsed = ScaledRun.elapsedSeconds(lines);
        double oneThread = 4 * 2 * SCALE;
        assertTrue(elapsed >= oneThread * 0.95, "each thread sleeps " + oneThread + " s; elapsed " + elapsed);
        assertTrue(elapsed < 0.8 * 2 * oneThread, "threads did not overlap: serial would be " + 2 * oneThread
                + " s; elapsed " + elapsed);
    }
}
