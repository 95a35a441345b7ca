package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.testing.CapturedOutput;
import org.junit.jupiter.api.Test;

class PandasThreadPoolTest {
    /** The seed's output of the cell, as pandas prints it. */
    static final String EXPECTED = """
               feature1  feature2  feature3  feature4
            a         1        11         1      1100
            b         2        12        32      1200
            c         3        13       243      1300
            d         4        14      1024      1400
            e         5        15      3125      1500
            f         6        16      7776      1600
            g         7        17     16807      1700
            h         8        18     32768      1800
            """;

    @Test
    void printsTheTableWithTheTwoNewColumns() {
        try (CapturedOutput out = CapturedOutput.stdout()) {
            PandasThreadPool.main(new String[0]);
            assertEquals(EXPECTED, out.text());
        }
    }

    @Test
    void theInputTableIsUnchanged() {
        PandasThreadPool.parallelizeDataframe(PandasThreadPool.DATADF, PandasThreadPool::addFeatures);
        assertEquals(java.util.List.of("feature1", "feature2"), PandasThreadPool.DATADF.columns());
    }
}
