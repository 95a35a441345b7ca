package io.github.multiprocessing4j.examples;
/** The seed's sleeps, scaled by -Dexamples.timeScale (default 1.0) so tests can run the examples quickly. */
public final class ExampleClock {
    private ExampleClock() { }
    /** The scale factor; 1.0 unless the system property examples.timeScale says otherwise. */
    public static double scale() { return Double.parseDouble(System.getProperty("examples.timeScale", "1.0")); }
    /** Sleeps {@code seconds * scale()} seconds; restores the interrupt flag if interrupted. */
    public static void sleepSeconds(double seconds) {
        try { Thread.sleep(Math.round(seconds * scale() * 1000)); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }
}
