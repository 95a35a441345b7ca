package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.DictProxy;
import io.github.multiprocessing4j.ipc.ListProxy;
import io.github.multiprocessing4j.ipc.Manager;
import java.util.stream.IntStream;

/**
 * The seed's "Server process" snippet: a child JVM changes a manager dict and list, the parent prints them.
 *
 * <pre>
 * def f(d, l):
 *     d[1] = '1'
 *     d['2'] = 2
 *     d[0.25] = None
 *     l.reverse()
 *
 * with Manager() as manager:
 *     d = manager.dict()
 *     l = manager.list(range(10))
 *     p = Process(target=f, args=(d, l))
 *     p.start()
 *     p.join()
 *     print(d)     # {1: '1', '2': 2, 0.25: None}
 *     print(l)     # [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
 * </pre>
 *
 * Java prints the dict as a Java map does: {@code {1=1, 2=2, 0.25=null}}.
 */
public final class ServerProcessSample {
    private ServerProcessSample() {
    }

    static void f(DictProxy<Object, Object> d, ListProxy<Integer> l) {
        d.put(1, "1");
        d.put("2", 2);
        d.put(0.25, null);
        l.reverse();
    }

    public static void main(String[] args) {
        try (Manager manager = Manager.start()) {
            DictProxy<Object, Object> d = manager.dict();
            ListProxy<Integer> l = manager.list(IntStream.range(0, 10).boxed().toList());

            JvmProcess p = new JvmProcess(() -> f(d, l));
            p.start();
            p.join();

            System.out.println(d);
            System.out.println(l);
        }
    }

}
