package io.github.multiprocessing4j;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's {@code concurrent.futures.as_completed} and {@code wait}, for any {@link Future}: ours, a
 * {@code CompletableFuture}, or one from a JDK {@code ThreadPoolExecutor}.
 *
 * <pre>{@code
 * for (Future<Integer> f : Futures.asCompleted(futures)) {
 *     System.out.println(f.get());   // in the order the tasks finish
 * }
 * }</pre>
 *
 * <p>A {@code CompletableFuture} reports its completion directly; for any other future a daemon thread
 * waits on its {@code get()}, so the order is exact either way.
 */
public final class Futures {
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mp4j-future-waiter");
        t.setDaemon(true);
        return t;
    });

    private Futures() {
    }

    /** What {@link #waitFor} returns: Python's {@code (done, not_done)} named tuple, in input order. */
    public record DoneAndNotDone<F extends Future<?>>(Set<F> done, Set<F> notDone) {
    }

    /**
     * The futures in the order they complete; those already done come first. Iterate from one thread.
     * The iterator blocks in {@code next()} until the next future is done.
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> futures) {
        return asCompleted(futures, null);
    }

    /**
     * As {@link #asCompleted(Collection)}, with an overall deadline counted from this call: a
     * {@code next()} that would pass it throws a {@link MultiprocessingException} whose cause is a
     * {@link TimeoutException} (Python raises {@code TimeoutError}). {@code null} means no deadline.
     */
    public static <F extends Future<?>> Iterable<F> asCompleted(Collection<? extends F> futures, Duration timeout) {
        List<F> all = List.copyOf(new LinkedHashSet<>(futures));
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        BlockingQueue<F> done = new LinkedBlockingQueue<>();
        for (F f : all) {
            if (f.isDone()) {
                done.add(f);
            }
        }
        for (F f : all) {
            if (!f.isDone()) {
                onDone(f, () -> done.add(f));
            } else if (!done.contains(f)) {
                done.add(f);
            }
        }
        return () -> new Iterator<>() {
            private final Set<F> given = new java.util.HashSet<>();

            @Override
            public boolean hasNext() {
                return given.size() < all.size();
            }

            @Override
            public F next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (true) {
                    F f;
                    try {
                        long left = deadline - System.nanoTime();
                        f = deadline == Long.MAX_VALUE ? done.take() : done.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new MultiprocessingException("interrupted in asCompleted", e);
                    }
                    if (f == null) {
                        throw new MultiprocessingException((all.size() - given.size()) + " (of " + all.size()
                                + ") futures unfinished after " + timeout, new TimeoutException());
                    }
                    if (given.add(f)) {
                        return f;
                    }
                }
            }
        };
    }

    /**
     * Waits until the condition holds or the timeout passes, then returns which futures are done.
     *
     * @param timeout at most this long; {@code null} means no limit
     */
    public static <F extends Future<?>> DoneAndNotDone<F> waitFor(Collection<? extends F> futures, Duration timeout,
                                                                   ReturnWhen returnWhen) {
        List<F> all = List.copyOf(new LinkedHashSet<>(futures));
        Object signal = new Object();
        for (F f : all) {
            if (!f.isDone()) {
                onDone(f, () -> {
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                });
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!satisfied(all, returnWhen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MultiprocessingException("interrupted in waitFor", e);
                }
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> notDone = new LinkedHashSet<>();
        for (F f : all) {
            (f.isDone() ? done : notDone).add(f);
        }
        return new DoneAndNotDone<>(done, notDone);
    }

    private static boolean satisfied(List<? extends Future<?>> all, ReturnWhen when) {
        int done = 0;
        for (Future<?> f : all) {
            if (f.isDone()) {
                done++;
                if (when == ReturnWhen.FIRST_COMPLETED || (when == ReturnWhen.FIRST_EXCEPTION && failed(f))) {
                    return true;
                }
            }
        }
        return done == all.size();
    }

    /** Whether a done future ended with an exception (cancelled does not count, as in Python). */
    static boolean failed(Future<?> f) {
        if (f instanceof CompletableFuture<?> c) {
            return c.isCompletedExceptionally() && !c.isCancelled();
        }
        if (f.isCancelled()) {
            return false;
        }
        try {
            f.get(0, TimeUnit.NANOSECONDS);
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | CancellationException e) {
            return false;
        }
    }

    private static void onDone(Future<?> f, Runnable action) {
        if (f instanceof CompletableFuture<?> c) {
            c.whenComplete((v, e) -> action.run());
            return;
        }
        WAITERS.execute(() -> {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | CancellationException e) {
                // done either way
            }
            action.run();
        });
    }
}
