package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.testing.CapturedOutput;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FasterPandasTest {
    @Test
    void printsTheSameTableAsTheThreadPoolVersion() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            FasterPandas.main(new String[0]);
            assertEquals(PandasThreadPoolTest.EXPECTED, out.text());
        }
    }

    @Test
    void thePiecesAreProcessedInWorkerProcesses() {
        DataFrame tagged = FasterPandas.parallelizeDataframe(FasterPandas.DATADF,
                df -> df.withColumn("pid", df.apply("feature1", x -> ProcessHandle.current().pid())));
        assertEquals(FasterPandas.DATADF.index(), tagged.index());
        long me = ProcessHandle.current().pid();
        assertTrue(Arrays.stream(tagged.column("pid")).noneMatch(pid -> pid == me), Arrays.toString(tagged.column("pid")));
    }
}
