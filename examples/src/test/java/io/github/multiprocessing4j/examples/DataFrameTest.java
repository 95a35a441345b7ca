package io.github.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataFrameTest {
    static DataFrame frame(int rows) {
        List<String> index = IntStream.range(0, rows).mapToObj(i -> "r" + i).collect(Collectors.toList());
        return DataFrame.create(index).withColumn("x", IntStream.range(0, rows).asLongStream().toArray());
    }

    static List<Integer> sizes(List<DataFrame> pieces) {
        return pieces.stream().map(DataFrame::rows).toList();
    }

    @Test
    void arraySplitGivesTheFirstPiecesOneRowMoreAsNumpyDoes() {
        assertEquals(List.of(2, 2, 2, 2), sizes(DataFrame.arraySplit(frame(8), 4)));
        assertEquals(List.of(3, 3, 2, 2), sizes(DataFrame.arraySplit(frame(10), 4)));
        assertEquals(List.of(1, 1, 1, 0), sizes(DataFrame.arraySplit(frame(3), 4)));
        assertEquals(List.of("r3", "r4", "r5"), DataFrame.arraySplit(frame(10), 4).get(1).index());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFrame.arraySplit(frame(3), 0));
        assertEquals("sections < 1: 0", e.getMessage());
    }

    @Test
    void concatUndoesArraySplit() {
        DataFrame df = frame(10).withColumn("y", 5, 4, 3, 2, 1, 0, -1, -2, -3, -4);
        assertEquals(df, DataFrame.concat(DataFrame.arraySplit(df, 4)));
        assertEquals(df, DataFrame.concat(DataFrame.arraySplit(df, 13)));
    }

    @Test
    void concatRefusesFramesWithDifferentColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataFrame.concat(List.of(frame(1), frame(1).withColumn("y", 1))));
        assertEquals("frames to concat have different columns: [x] and [x, y]", e.getMessage());
        assertEquals("No objects to concatenate",
                assertThrows(IllegalArgumentException.class, () -> DataFrame.concat(List.of())).getMessage());
    }

    @Test
    void withColumnReplacesInPlaceOrAppendsAndLeavesTheOriginal() {
        DataFrame df = frame(2).withColumn("y", 7, 8);
        DataFrame replaced = df.withColumn("x", 10, 11);
        assertEquals(List.of("x", "y"), replaced.columns());
        assertArrayEquals(new long[] {10, 11}, replaced.column("x"));
        assertArrayEquals(new long[] {0, 1}, df.column("x"));
        assertArrayEquals(new long[] {700, 800}, df.apply("y", v -> v * 100));
    }

    @Test
    void errorsNameTheColumnAndTheSizes() {
        assertEquals("column y has 1 values for 2 rows",
                assertThrows(IllegalArgumentException.class, () -> frame(2).withColumn("y", 1)).getMessage());
        assertEquals("no column z in [x]",
                assertThrows(IllegalArgumentException.class, () -> frame(2).column("z")).getMessage());
    }

    @Test
    void printsAsPandasDoes() {
        DataFrame df = DataFrame.create(List.of("a", "long")).withColumn("n", 1, -250).withColumn("feature", 3, 4);
        // pandas 1.5.3: print(pd.DataFrame({'n': [1, -250], 'feature': [3, 4]}, index=['a', 'long']))
        assertEquals("        n  feature\na       1        3\nlong -250        4", df.toString());
        assertEquals("Empty DataFrame\nColumns: [x]\nIndex: []", frame(3).iloc(1, 1).toString());
    }
}
