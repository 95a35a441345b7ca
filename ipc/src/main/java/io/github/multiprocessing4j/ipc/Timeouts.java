package io.github.multiprocessing4j.ipc;

import java.time.Duration;

/** Python's timeout conventions: {@code null} waits forever, negative counts as zero. */
final class Timeouts {
    private Timeouts() {
    }

    /** Nanoseconds for a wait: {@code -1} for no limit ({@code null}), else at least 0. */
    static long nanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return -1; // longer than 292 years: no limit
        }
    }
}
