package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import java.util.List;

/**
 * The seed's {@code multiprocessing_sample.py}: two child processes compute squares and cubes side by
 * side, 3 s per number, so the whole run takes about 12 s instead of 24.
 *
 * <pre>
 * def calc_square(numbers):
 *     for i in numbers:
 *         time.sleep(3)  # artificial time-delay
 *         print('square: ', str(i * i))
 *
 * arr = [2, 3, 8, 9]
 * p1 = multiprocessing.Process(target=calc_square, args=(arr,))
 * p2 = multiprocessing.Process(target=calc_cube, args=(arr,))
 * start = time.time()
 * p1.start(); p2.start()
 * p1.join(); p2.join()
 * print("Successes!")
 * print("Elapsed time: ", time.time() - start)
 * </pre>
 *
 * <p>Python's {@code print(a, b)} puts one space between its arguments, hence the two spaces after
 * {@code "square:"}. The children's lines reach this JVM's {@code System.out} as they are printed.
 */
public final class MultiprocessingSample {
    private MultiprocessingSample() {
    }

    static void calcSquare(List<Integer> numbers) {
        for (int i : numbers) {
            ExampleClock.sleepSeconds(3); // artificial time-delay
            System.out.println("square:  " + i * i);
        }
    }

    static void calcCube(List<Integer> numbers) {
        for (int i : numbers) {
            ExampleClock.sleepSeconds(3);
            System.out.println("cube:  " + i * i * i);
        }
    }

    public static void main(String[] args) {
        List<Integer> arr = List.of(2, 3, 8, 9);

        // creating two Process here p1 & p2
        JvmProcess p1 = new JvmProcess(() -> calcSquare(arr));
        JvmProcess p2 = new JvmProcess(() -> calcCube(arr));

        long start = System.nanoTime();
        // starting Processes here parallel by using start function.
        p1.start();
        p2.start();

        // this join() will wait until the calcSquare() function is finished.
        p1.join();
        // this join() will wait until the calcCube() function is finished.
        p2.join();

        System.out.println("Successes!");
        System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);
    }
}
