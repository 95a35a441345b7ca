package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The contract against {@link Ipc#pipe()}, right to left; plus both directions at once. */
class DuplexPipeTest extends ConnectionContract {
    @Override
    protected Pipe create() {
        return Ipc.pipe();
    }

    @Override
    protected Connection sender(Pipe p) {
        return p.right();
    }

    @Override
    protected Connection receiver(Pipe p) {
        return p.left();
    }

    @Test
    void bothEndsSendAndReceive() throws Exception {
        Pipe p = pipe();
        assertTrue(p.left().readable() && p.left().writable() && p.right().readable() && p.right().writable());
        p.left().send("to right");
        p.right().send("to left");
        assertEquals("to right", p.right().recv());
        assertEquals("to left", p.left().recv());
    }
}
