package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.CapturedOutput;
import java.util.List;

/** Runs an example's {@code main} with its sleeps scaled, and returns the lines it printed. */
final class ScaledRun {
    interface Main {
        void run(String[] args) throws Exception;
    }

    private ScaledRun() {
    }

    static List<String> run(double timeScale, Main main) throws Exception {
        System.setProperty(ExampleClock.TIME_SCALE_PROPERTY, Double.toString(timeScale));
        try (CapturedOutput out = CapturedOutput.stdout()) {
            main.run(new String[0]);
            return out.text().lines().toList();
        } finally {
            System.clearProperty(ExampleClock.TIME_SCALE_PROPERTY);
        }
    }

    /** The seconds in the last line, {@code "Elapsed time:  12.01..."}. */
    static double elapsedSeconds(List<String> lines) {
        String last = lines.get(lines.size() - 1);
        String prefix = "Elapsed time:  ";
        assertTrue(last.startsWith(prefix) && !last.startsWith(prefix + " "),
                "last line is not \"Elapsed time:  <seconds>\": " + lines);
        return Double.parseDouble(last.substring(prefix.length()));
    }

    /** The lines that start with {@code prefix}, in printed order. */
    static List<String> linesStartingWith(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
