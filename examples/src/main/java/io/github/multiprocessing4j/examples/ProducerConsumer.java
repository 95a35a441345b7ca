package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.ClosedException;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.JoinableQueue;
import io.github.multiprocessing4j.ipc.SharedQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Producer/consumer with a {@link JoinableQueue}: the parent puts tasks, three worker JVMs take them,
 * put their results on a second queue and mark each task done; {@code join()} returns once all are done.
 * Closing the task queue in the parent (its creator) then ends the workers' {@code take()} with
 * {@link ClosedException}, so no "poison pill" per worker is needed as in Python.
 *
 * <pre>
 * def worker(tasks, results):
 *     while True:
 *         n = tasks.get()
 *         results.put((n, n * n))
 *         tasks.task_done()
 *
 * tasks, results = JoinableQueue(), Queue()
 * workers = [Process(target=worker, args=(tasks, results), daemon=True) for _ in range(3)]
 * for w in workers: w.start()
 * for n in range(1, 21): tasks.put(n)
 * tasks.join()
 * </pre>
 */
public final class ProducerConsumer {
    private ProducerConsumer() {
    }

    /** One task's answer. */
    record Square(int n, int square) {
    }

    static void worker(JoinableQueue<Integer> tasks, SharedQueue<Square> results) {
        try {
            while (true) {
                int n = tasks.take();
                results.put(new Square(n, n * n));
                tasks.taskDone();
            }
        } catch (ClosedException e) {
            // the parent closed the task queue: no more work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        try (JoinableQueue<Integer> tasks = Ipc.joinableQueue(); SharedQueue<Square> results = Ipc.queue()) {
            List<JvmProcess> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(new JvmProcess(() -> worker(tasks, results)).start());
            }
            for (int n = 1; n <= 20; n++) {
                tasks.put(n);
            }
            tasks.join();
            System.out.println("all " + (20 - tasks.unfinishedTasks()) + " tasks done");

            List<Integer> squares = new ArrayList<>();
            long sum = 0;
            for (Square s; (s = results.poll()) != null; ) {
                squares.add(s.square());
                sum += s.square();
            }
            Collections.sort(squares);
            System.out.println("squares: " + squares);
            System.out.println("sum: " + sum);

            tasks.close(); // ends the workers' take()
            for (JvmProcess w : workers) {
                w.join();
            }
        }
    }
}
