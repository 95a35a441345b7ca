package io.github.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * The little of a pandas {@code DataFrame} that the seed's pandas cells use: string row labels (the
 * index) and named columns of 64-bit integers (pandas' {@code int64}). Immutable: where pandas assigns
 * {@code df['c'] = ...} in place, {@link #withColumn} returns a new frame.
 *
 * <p>Why not a data-frame library: Tablesaw's columns hold non-serializable lambdas (comparators), so its
 * {@code Table} cannot travel to a {@code ProcessPool} worker, and it has neither a row index nor pandas'
 * print format. This class holds plain arrays and lists, which the pool's encoding carries as they are.
 *
 * <pre>{@code
 * DataFrame df = DataFrame.create(List.of("a", "b")).withColumn("x", 1, 2);
 * df = df.withColumn("y", df.apply("x", v -> v * 100));
 * System.out.println(df);
 * }</pre>
 *
 * <p>Thread-safety: immutable; share it freely.
 */
public final class DataFrame {
    private final List<String> index;
    private final List<String> columns;
    private final List<long[]> values; // never handed out: callers get copies

    private DataFrame(List<String> index, List<String> columns, List<long[]> values) {
        this.index = index;
        this.columns = columns;
        this.values = values;
    }

    /** A frame with these row labels and no columns yet ({@code pd.DataFrame(index=[...])}). */
    public static DataFrame create(List<String> index) {
        return new DataFrame(List.copyOf(index), List.of(), List.of());
    }

    /**
     * This frame with column {@code name} set to {@code values}: {@code df[name] = values}, which
     * replaces a column of that name in place and appends any other at the end.
     *
     * @throws IllegalArgumentException if {@code values} does not have one value per row
     */
    public DataFrame withColumn(String name, long... values) {
        Objects.requireNonNull(name, "name");
        if (values.length != index.size()) {
            throw new IllegalArgumentException("column " + name + " has " + values.length + " values for "
                    + index.size() + " rows");
        }
        List<String> newColumns = new ArrayList<>(columns);
        List<long[]> newValues = new ArrayList<>(this.values);
        int at = columns.indexOf(name);
        if (at >= 0) {
            newValues.set(at, values.clone());
        } else {
            newColumns.add(name);
            newValues.add(values.clone());
        }
        return new DataFrame(index, List.copyOf(newColumns), List.copyOf(newValues));
    }

    /**
     * {@code df[name].apply(fn)}: {@code fn} of every value of column {@code name}, in row order.
     *
     * @throws IllegalArgumentException if there is no such column
     */
    public long[] apply(String name, LongUnaryOperator fn) {
        long[] column = values.get(columnIndex(name));
        long[] out = new long[column.length];
        for (int i = 0; i < column.length; i++) {
            out[i] = fn.applyAsLong(column[i]);
        }
        return out;
    }

    /**
     * A copy of column {@code name}.
     *
     * @throws IllegalArgumentException if there is no such column
     */
    public long[] column(String name) {
        return values.get(columnIndex(name)).clone();
    }

    /** The row labels, in order. */
    public List<String> index() {
        return index;
    }

    /** The column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows. */
    public int rows() {
        return index.size();
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive): {@code df.iloc[from:to]}.
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code 0..rows()}
     */
    public DataFrame iloc(int from, int to) {
        Objects.checkFromToIndex(from, to, rows());
        List<long[]> sliced = new ArrayList<>(values.size());
        for (long[] column : values) {
            sliced.add(Arrays.copyOfRange(column, from, to));
        }
        return new DataFrame(List.copyOf(index.subList(from, to)), columns, List.copyOf(sliced));
    }

    /**
     * numpy's {@code np.array_split(df, sections)}: {@code sections} consecutive pieces of the rows, the
     * first {@code rows % sections} of them one row longer than the rest (so some may be empty).
     *
     * @throws IllegalArgumentException if {@code sections < 1}
     */
    public static List<DataFrame> arraySplit(DataFrame df, int sections) {
        if (sections < 1) {
            throw new IllegalArgumentException("sections < 1: " + sections);
        }
        int base = df.rows() / sections;
        int longer = df.rows() % sections;
        List<DataFrame> pieces = new ArrayList<>(sections);
        int from = 0;
        for (int i = 0; i < sections; i++) {
            int to = from + base + (i < longer ? 1 : 0);
            pieces.add(df.iloc(from, to));
            from = to;
        }
        return pieces;
    }

    /**
     * {@code pd.concat(frames)}: the rows of every frame, in order.
     *
     * @throws IllegalArgumentException if {@code frames} is empty (pandas: "No objects to concatenate") or
     *         the frames' columns differ (pandas would fill the gaps with NaN, which int64 has not)
     */
    public static DataFrame concat(List<DataFrame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("No objects to concatenate");
        }
        List<String> columns = frames.get(0).columns;
        List<String> index = new ArrayList<>();
        for (DataFrame f : frames) {
            if (!f.columns.equals(columns)) {
                throw new IllegalArgumentException("frames to concat have different columns: " + columns + " and "
                        + f.columns);
            }
            index.addAll(f.index);
        }
        List<long[]> joined = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            long[] column = new long[index.size()];
            int at = 0;
            for (DataFrame f : frames) {
                long[] part = f.values.get(c);
                System.arraycopy(part, 0, column, at, part.length);
                at += part.length;
            }
            joined.add(column);
        }
        return new DataFrame(List.copyOf(index), columns, List.copyOf(joined));
    }

    private int columnIndex(String name) {
        int at = columns.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return at;
    }

    /**
     * What pandas' {@code print(df)} shows (without its truncation of long frames): the index
     * left-aligned, then one space and each column right-aligned. As pandas does for numbers, every
     * name and every value {@code >= 0} gets a leading space where a minus sign would go.
     */
    @Override
    public String toString() {
        if (index.isEmpty() || columns.isEmpty()) {
            return "Empty DataFrame\nColumns: [" + String.join(", ", columns) + "]\nIndex: [" + String.join(", ", index)
                    + "]";
        }
        int indexWidth = index.stream().mapToInt(String::length).max().orElse(0);
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = 1 + columns.get(c).length();
            for (long v : values.get(c)) {
                widths[c] = Math.max(widths[c], format(v).length());
            }
        }
        StringBuilder out = new StringBuilder(" ".repeat(indexWidth));
        for (int c = 0; c < columns.size(); c++) {
            out.append(' ').append(padLeft(columns.get(c), widths[c]));
        }
        for (int r = 0; r < index.size(); r++) {
            out.append('\n').append(index.get(r)).append(" ".repeat(indexWidth - index.get(r).length()));
            for (int c = 0; c < columns.size(); c++) {
                out.append(' ').append(padLeft(format(values.get(c)[r]), widths[c]));
            }
        }
        return out.toString();
    }

    /** Python's {@code f"{v: d}"}, as pandas formats an int64. */
    private static String format(long v) {
        return v < 0 ? Long.toString(v) : " " + v;
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataFrame other) || !index.equals(other.index) || !columns.equals(other.columns)) {
            return false;
        }
        for (int c = 0; c < values.size(); c++) {
            if (!Arrays.equals(values.get(c), other.values.get(c))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(index, columns);
        for (long[] column : values) {
            h = 31 * h + Arrays.hashCode(column);
        }
        return h;
    }
}
