package io.github.multiprocessing4j.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints one JSON line per workload, as {@code shared/bench/mp_bench.py} does, so
 * {@code side_by_side.py -- java -jar benchmarks/target/benchmarks.jar} can compare them.
 * Arguments name the workloads to run (all when none); {@code fork}/{@code spawn}/{@code forkserver}
 * are accepted and ignored.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> only = new java.util.HashSet<>(List.of(args));
        only.removeAll(Set.of("fork", "spawn", "forkserver"));
        for (Workload w : Workloads.ALL) {
            if (only.isEmpty() || only.contains(w.name())) {
                w.run();
            }
        }
        System.exit(0);
    }

    /** Prints {@code {"workload": name, "value": v, "unit": unit, extra...}} and flushes. */
    public static void report(String name, double value, String unit, Object... extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workload", name);
        fields.put("value", Math.round(value * 1000.0) / 1000.0);
        fields.put("unit", unit);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            fields.put(String.valueOf(extra[i]), extra[i + 1]);
        }
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(k).append("\": ").append(v instanceof Number ? format((Number) v) : quote(String.valueOf(v)));
        });
        System.out.println(sb.append('}'));
        System.out.flush();
    }

    private static String format(Number n) {
        return n instanceof Double || n instanceof Float ? String.format(Locale.ROOT, "%s", n) : n.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Median of start+join style samples, in the order given. */
    public static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
