package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.SharedDouble;
import io.github.multiprocessing4j.ipc.SharedIntArray;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The seed's "Shared Memory" program: a child process writes a shared {@code Value('d')} and negates a
 * shared {@code Array('i')}; the parent sees both changes.
 *
 * <pre>
 * def f(n, a):
 *     n.value = 3.1415927
 *     for i in range(len(a)):
 *         a[i] = -a[i]
 *
 * num = Value('d', 0.0)
 * arr = Array('i', range(10))
 * p = Process(target=f, args=(num, arr))
 * p.start()
 * p.join()
 * print(num.value)
 * print(arr[:])
 * </pre>
 */
public final class SharedMemorySample {
    private SharedMemorySample() {
    }

    static void f(SharedDouble n, SharedIntArray a) {
        n.set(3.1415927);
        for (int i = 0; i < a.length(); i++) {
            a.set(i, -a.get(i));
        }
    }

    public static void main(String[] args) {
        SharedDouble num = Ipc.value(0.0);
        SharedIntArray arr = Ipc.array(IntStream.range(0, 10).toArray());

        JvmProcess p = new JvmProcess(() -> f(num, arr));
        p.start();
        p.join();

        System.out.println(num.get());
        System.out.println(Arrays.toString(arr.toArray()));
    }
}
