package io.github.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runsAChild() {
        int x = 21;
        long t = System.nanoTime();
        JvmProcess p = new JvmProcess(() -> System.out.println("hello from child " + (x * 2) + " " + Multiprocessing.currentProcess()));
        p.start();
        p.join();
        System.out.println("took " + (System.nanoTime() - t) / 1e6 + " ms");
        assertEquals(0, p.exitCode().getAsInt());
    }
}
