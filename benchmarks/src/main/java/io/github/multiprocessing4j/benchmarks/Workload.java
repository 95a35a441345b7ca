package io.github.multiprocessing4j.benchmarks;

/** One workload of {@code mp_bench.py}, measured the same way. */
public interface Workload {
    /** The name {@code mp_bench.py} uses, which {@code side_by_side.py} matches on. */
    String name();

    /** Runs the workload once and prints its line with {@link Bench#report}. */
    void run() throws Exception;
}
