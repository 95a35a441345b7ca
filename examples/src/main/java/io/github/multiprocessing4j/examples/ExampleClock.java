package io.github.multiprocessing4j.examples;

/**
 * The seed's {@code time.sleep(s)} delays, scaled so tests can run the timed examples quickly; what the
 * examples print is the same at any scale except the measured times.
 *
 * <p>The scale is the system property {@value #TIME_SCALE_PROPERTY}, default 1.0 (the seed's own
 * timings). Child JVMs are started with every {@code mp4j.*} property of their parent, so it also scales
 * the sleeps in a {@code JvmProcess} target or a pool task without the example passing it on.
 *
 * <p>Read on every call; any thread or process may call.
 */
public final class ExampleClock {
    /** The scale factor, seen by this JVM and every child JVM it starts. */
    public static final String TIME_SCALE_PROPERTY = "mp4j.examples.timeScale";

    private ExampleClock() {
    }

    /**
     * The scale factor: {@value #TIME_SCALE_PROPERTY}, else 1.0.
     *
     * @throws IllegalArgumentException if the property is not a finite number {@code >= 0}
     */
    public static double scale() {
        String name = TIME_SCALE_PROPERTY;
        String value = System.getProperty(name, "1.0");
        double scale;
        try {
            scale = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value, e);
        }
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(name + " is not a finite number >= 0: " + value);
        }
        return scale;
    }

    /** Sleeps {@code seconds * scale()} seconds; restores the interrupt flag if interrupted. */
    public static void sleepSeconds(double seconds) {
        try {
            Thread.sleep(Math.round(seconds * scale() * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
