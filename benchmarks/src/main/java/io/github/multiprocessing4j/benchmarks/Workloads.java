package io.github.multiprocessing4j.benchmarks;

import java.util.List;

/** Every workload, in {@code mp_bench.py}'s order. Add a new one with one line here. */
final class Workloads {
    static final List<Workload> ALL = List.of(
            new ProcessStartup(),
            new ManagerDict()
    );

    private Workloads() {
    }
}
