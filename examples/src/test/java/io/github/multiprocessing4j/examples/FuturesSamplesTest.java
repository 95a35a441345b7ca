package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.CapturedOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the concurrent.futures examples with their sleeps scaled down and checks the seed's printed order.
 * At scale 0.2 the tasks end 200 ms apart, a wide margin for thread scheduling on a busy machine.
 * Timing is checked loosely: "total time" right after submitting is below the shortest task, and a run
 * takes well under the serial sum of its sleeps (30 s scaled), so the tasks overlapped.
 */
class FuturesSamplesTest {
    private static final String SCALE = ExampleClock.TIME_SCALE_PROPERTY;

    @BeforeEach
    void scaleTimeDown() {
        System.setProperty(SCALE, "0.2");
    }

    @AfterEach
    void restoreTime() {
        System.clearProperty(SCALE);
    }

    @Test
    void submitReturnsAtOnceAndTheShortestTaskEndsFirst() throws Exception {
        List<String> lines = run(FuturesSubmitSample::main);
        assertEquals(List.of("total time", "f( 4 ) completed", "f( 3 ) completed", "f( 2 ) completed",
                "f( 1 ) completed"), withoutTimes(lines));
        assertTrue(totalTime(lines.get(0)) < 6 * scale(), lines.get(0) + " is before any task could end");
    }

    @Test
    void resultBlocksUntilItsTaskIsDone() throws Exception {
        List<String> lines = run(FuturesResultSample::main);
        assertEquals(List.of("f( 4 ) completed", "f(4) result is  4", "total time", "f( 3 ) completed",
                "f( 2 ) completed", "f( 1 ) completed"), withoutTimes(lines));
        assertTrue(totalTime(lines.get(2)) >= 6 * scale(), lines.get(2) + " includes f(4)'s sleep");
    }

    @Test
    void iteratingInSubmissionOrderPrintsOneToFour() throws Exception {
        assertResults(FuturesIterationSample::main, "1", "2", "3", "4");
    }

    @Test
    void asCompletedPrintsFourToOne() throws Exception {
        assertResults(AsCompletedSample::main, "4", "3", "2", "1");
    }

    @Test
    void mapYieldsInInputOrder() throws Exception {
        assertResults(FuturesMapSample::main, "1", "2", "3", "4");
    }

    /**
     * At the seed's own timings: each worker JVM takes the next task when it is ready, so the tasks start
     * as far apart as the workers' start-ups, 0.1-0.3 s on 2 busy cores and, rarely, up to about 1 s. With
     * the tasks 0.1-0.3 s apart (scale 0.1-0.3) the order broke about once in ten runs.
     */
    @Test
    void processPoolAsCompletedPrintsFourToOne() throws Exception {
        System.setProperty(SCALE, "1.0");
        assertResults(ProcessPoolSample::main, "4", "3", "2", "1");
    }

    private interface Example {
        void main(String[] args) throws Exception;
    }

    private static void assertResults(Example example, String... results) throws Exception {
        List<String> lines = run(example);
        List<String> expected = new ArrayList<>(List.of(results));
        expected.add("total time");
        assertEquals(expected, withoutTimes(lines));
        double total = totalTime(lines.get(lines.size() - 1));
        assertTrue(total >= 9 * scale(), "total time " + total + " includes f(1)'s sleep");
    }

    /** Runs an example and returns its lines; it must also have ended well before the serial sum. */
    private static List<String> run(Example example) throws Exception {
        long start = System.nanoTime();
        try (CapturedOutput out = CapturedOutput.stdout()) {
            example.main(new String[0]);
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertTrue(elapsed < 20 * scale(), "took " + elapsed + " s; the tasks must overlap (serial: " + 30 * scale() + " s)");
            return List.of(out.text().split("\n"));
        }
    }

    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.startsWith("total time ") ? "total time" : l).toList();
    }

    private static double totalTime(String line) {
        assertTrue(line.matches("total time \\d+\\.\\d+(E-?\\d+)?"), line);
        return Double.parseDouble(line.substring("total time ".length()));
    }

    private static double scale() {
        return ExampleClock.scale();
    }
}
