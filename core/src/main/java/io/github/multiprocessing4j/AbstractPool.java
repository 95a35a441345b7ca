package io.github.multiprocessing4j;

import io.github.multiprocessing4j.internal.Task;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Everything of {@link Pool} that does not depend on where tasks run: chunking, ordering, the lazy
 * iterators and callbacks. Subclasses only run a {@link Task} and report its result.
 */
abstract class AbstractPool implements Pool {
    private static final long SPIN_NANOS = 20_000;

    /**
     * Runs one task somewhere. Throws in the caller's thread if the pool does not accept work or the
     * task cannot be encoded; every other failure completes the future exceptionally.
     */
    abstract CompletableFuture<Object> submit(Task task);

    /**
     * Submits several tasks at once; a subclass may send them together. Nothing is submitted if one fails
     * to encode here; a process pool encodes the tail of a very big batch later, and a task of it that
     * cannot be encoded then fails its own future.
     */
    List<CompletableFuture<Object>> submitAll(List<Task> tasks) {
        List<CompletableFuture<Object>> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            out.add(submit(t));
        }
        return out;
    }

    /** Python's default {@code map} chunk size: {@code ceil(n / (4 * processes))}, 0 for no items. */
    static int autoChunksize(int items, int processes) {
        if (items == 0) {
            return 0;
        }
        int per = processes * 4;
        return items / per + (items % per == 0 ? 0 : 1);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return await(mapAsync(fn, items, 0, null, null));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        checkChunksize(chunksize);
        return await(mapAsync(fn, items, chunksize, null, null));
    }

    @Override
    public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn,
                                                     Iterable<? extends T> items) {
        return mapAsync(fn, items, 0, null, null);
    }

    @Override
    public <T, R> CompletableFuture<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> fn,
                                                     Iterable<? extends T> items, int chunksize,
                                                     Consumer<? super List<R>> callback,
                                                     Consumer<? super Throwable> errorCallback) {
        requireNonNull(fn, "fn");
        Object[] all = toArray(items);
        int size = chunksize >= 1 ? chunksize : autoChunksize(all.length, processes());
        return withCallbacks(gather(all, size, chunk -> Task.map(fn, chunk)), callback, errorCallback);
    }

    @Override
    public <T, U, R> List<R> starmap(SerializableBiFunction<? super T, ? super U, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends T, ? extends U>> pairs) {
        requireNonNull(fn, "fn");
        Object[] all = toArray(pairs);
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] instanceof Map.Entry<?, ?> e)) {
                throw new IllegalArgumentException("starmap takes Map.Entry pairs (Map.entry(a, b)), got "
                        + (all[i] == null ? "null" : all[i].getClass().getName()) + " at index " + i);
            }
            all[i] = new Object[] {e.getKey(), e.getValue()}; // a map's entries are views: send the pair only
        }
        return await(gather(all, autoChunksize(all.length, processes()), chunk -> Task.starmap(fn, chunk)));
    }

    @Override
    public <R> R apply(SerializableCallable<? extends R> task) {
        return await(applyAsync(task));
    }

    @Override
    public <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task) {
        return applyAsync(task, null, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> applyAsync(SerializableCallable<? extends R> task, Consumer<? super R> callback,
                                               Consumer<? super Throwable> errorCallback) {
        requireNonNull(task, "task");
        return withCallbacks((CompletableFuture<R>) submit(Task.call(task)), callback, errorCallback);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return imap(fn, items, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                         int chunksize) {
        checkChunksize(chunksize);
        return new LazyResults<>(this, requireNonNull(fn, "fn"), items.iterator(), chunksize, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                                  Iterable<? extends T> items) {
        return imapUnordered(fn, items, 1);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                                  Iterable<? extends T> items, int chunksize) {
        checkChunksize(chunksize);
        return new LazyResults<>(this, requireNonNull(fn, "fn"), items.iterator(), chunksize, false);
    }

    @Override
    public void close() {
        shutdown();
        join();
    }

    /** Submits the chunks of {@code all} and completes with every result in order, or the first failure. */
    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<List<R>> gather(Object[] all, int chunksize, java.util.function.Function<Object[], Task> task) {
        CompletableFuture<List<R>> result = new CompletableFuture<>();
        if (all.length == 0) {
            result.complete(new ArrayList<>());
            return result;
        }
        Object[] out = new Object[all.length];
        int chunks = (all.length + chunksize - 1) / chunksize;
        AtomicInteger left = new AtomicInteger(chunks);
        List<Task> tasks = new ArrayList<>(chunks);
        for (int start = 0; start < all.length; start += chunksize) {
            tasks.add(task.apply(Arrays.copyOfRange(all, start, Math.min(all.length, start + chunksize))));
        }
        List<CompletableFuture<Object>> submitted = submitAll(tasks);
        for (int c = 0; c < chunks; c++) {
            int from = c * chunksize;
            submitted.get(c).whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                    return;
                }
                Object[] values = (Object[]) value;
                System.arraycopy(values, 0, out, from, values.length);
                if (left.decrementAndGet() == 0) {
                    result.complete((List<R>) new ArrayList<>(Arrays.asList(out)));
                }
            });
        }
        return result;
    }

    private static <R> CompletableFuture<R> withCallbacks(CompletableFuture<R> f, Consumer<? super R> callback,
                                                          Consumer<? super Throwable> errorCallback) {
        if (callback == null && errorCallback == null) {
            return f;
        }
        return f.whenComplete((value, error) -> {
            if (error == null) {
                if (callback != null) {
                    callback.accept(value);
                }
            } else if (errorCallback != null) {
                errorCallback.accept(unwrap(error));
            }
        });
    }

    /** Waits for a future and rethrows a task's exception as itself (checked ones wrapped). */
    static <R> R await(CompletableFuture<R> f) {
        // A short spin first: a quick task answers within tens of microseconds, less than it takes
        // to park this thread and wake it up again.
        for (long end = System.nanoTime() + SPIN_NANOS; !f.isDone() && System.nanoTime() < end; ) {
            Thread.onSpinWait();
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException("interrupted while waiting for a task's result", e);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        t = unwrap(t);
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new MultiprocessingException("the task threw " + t, t);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Object[] toArray(Iterable<?> items) {
        requireNonNull(items, "items");
        if (items instanceof Collection<?> c) {
            return c.toArray();
        }
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list.toArray();
    }

    private static void checkChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize < 1: " + chunksize);
        }
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " is null");
        }
        return value;
    }

    /** The bounded, lazily fed iterator behind imap and imapUnordered. */
    private static final class LazyResults<R> implements ResultIterator<R> {
        private final AbstractPool pool;
        private final SerializableFunction<?, ?> fn;
        private final Iterator<?> input;
        private final int chunksize;
        private final boolean ordered;
        private final int window;
        private final ArrayDeque<CompletableFuture<Object>> inOrder = new ArrayDeque<>();
        private final BlockingQueue<CompletableFuture<Object>> completed = new LinkedBlockingQueue<>();
        private int outstanding;
        private Object[] current = new Object[0];
        private int position;

        LazyResults(AbstractPool pool, SerializableFunction<?, ?> fn, Iterator<?> input, int chunksize, boolean ordered) {
            this.pool = pool;
            this.fn = fn;
            this.input = input;
            this.chunksize = chunksize;
            this.ordered = ordered;
            this.window = Math.max(4, 4 * pool.processes());
        }

        private void fill() {
            while (outstanding < window && input.hasNext()) {
                List<Object> chunk = new ArrayList<>(chunksize);
                while (chunk.size() < chunksize && input.hasNext()) {
                    chunk.add(input.next());
                }
                CompletableFuture<Object> f = pool.submit(Task.map(fn, chunk.toArray()));
                outstanding++;
                if (ordered) {
                    inOrder.add(f);
                } else {
                    f.whenComplete((v, e) -> completed.add(f));
                }
            }
        }

        @Override
        public boolean hasNext() {
            if (position < current.length) {
                return true;
            }
            fill();
            return outstanding > 0;
        }

        @Override
        public R next() {
            try {
                return next(null);
            } catch (TimeoutException e) {
                throw new AssertionError("no timeout was given", e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public R next(Duration timeout) throws TimeoutException {
            if (position < current.length) {
                return (R) current[position++];
            }
            if (!hasNext()) {
                throw new NoSuchElementException("no more results");
            }
            CompletableFuture<Object> f;
            try {
                if (ordered) {
                    f = inOrder.peek();
                    if (timeout == null) {
                        f.get();
                    } else {
                        f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    inOrder.poll();
                } else {
                    f = timeout == null ? completed.take() : completed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        throw new TimeoutException("no result within " + timeout);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MultiprocessingException("interrupted while waiting for a result", e);
            } catch (ExecutionException | CompletionException e) {
                f = ordered ? inOrder.poll() : null; // the failure is thrown below
            }
            outstanding--;
            fill();
            current = (Object[]) await(f);
            position = 0;
            return next(timeout);
        }
    }
}
