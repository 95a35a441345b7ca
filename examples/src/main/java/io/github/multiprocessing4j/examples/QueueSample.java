package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedQueue;
import java.util.Arrays;
import java.util.List;

/**
 * The seed's queue snippet: a child process puts a list on a queue, the parent takes and prints it.
 *
 * <pre>
 * def f(q):
 *     q.put([42, None, 'hello'])
 *
 * q = Queue()
 * p = Process(target=f, args=(q,))
 * p.start()
 * print(q.get())    # prints "[42, None, 'hello']"
 * p.join()
 * </pre>
 *
 * The queue is closed at the end (try-with-resources), which Python leaves to the garbage collector.
 */
public final class QueueSample {
    private QueueSample() {
    }

    static void f(SharedQueue<List<Object>> q) {
        try {
            q.put(Arrays.asList(42, null, "hello"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        try (SharedQueue<List<Object>> q = Ipc.queue()) {
            JvmProcess p = new JvmProcess(() -> f(q));
            p.start();
            System.out.println(q.take()); // prints "[42, null, hello]"
            p.join();
        }
    }
}
