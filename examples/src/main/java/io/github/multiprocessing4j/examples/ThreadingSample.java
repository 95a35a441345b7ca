package io.github.multiprocessing4j.examples;

import java.util.List;

/**
 * The seed's threading cell: {@link MultiprocessingSample} with two plain threads, 2 s per number.
 * Shown for the contrast: a thread shares this JVM (in Python, also its GIL; the JVM has none, so
 * threads run CPU-bound code in parallel too).
 *
 * <pre>
 * def calc_square(numbers):
 *     print("Calculate square numbers: ")
 *     for i in numbers:
 *         time.sleep(2)  # artificial time-delay
 *         print('square: ', str(i * i))
 *
 * t1 = threading.Thread(target=calc_square, args=(arr,))
 * t2 = threading.Thread(target=calc_cube, args=(arr,))
 * </pre>
 */
public final class ThreadingSample {
    private ThreadingSample() {
    }

    static void calcSquare(List<Integer> numbers) {
        System.out.println("Calculate square numbers: ");
        for (int i : numbers) {
            ExampleClock.sleepSeconds(2); // artificial time-delay
            System.out.println("square:  " + i * i);
        }
    }

    static void calcCube(List<Integer> numbers) {
        System.out.println("Calculate cube numbers: ");
        for (int i : numbers) {
            ExampleClock.sleepSeconds(2);
            System.out.println("cube:  " + i * i * i);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<Integer> arr = List.of(2, 3, 8, 9);

        // creating two threads here t1 & t2
        Thread t1 = new Thread(() -> calcSquare(arr));
        Thread t2 = new Thread(() -> calcCube(arr));

        long start = System.nanoTime();
        // starting threads here parallel by using start function.
        t1.start();
        t2.start();

        // this join() will wait until the calcSquare() function is finished.
        t1.join();
        // this join() will wait until the calcCube() function is finished.
        t2.join();

        System.out.println("Successes!");
        System.out.println("Elapsed time:  " + (System.nanoTime() - start) / 1e9);
    }
}
