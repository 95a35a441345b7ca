package io.github.multiprocessing4j;

/** When {@link Futures#waitFor} returns, as Python's {@code concurrent.futures.wait(return_when=...)}. */
public enum ReturnWhen {
    /** As soon as any future is done (completed, failed or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any future fails; if none fails, when all are done. */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
