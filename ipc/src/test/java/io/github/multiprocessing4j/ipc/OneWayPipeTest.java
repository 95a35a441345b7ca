package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The contract against {@link Ipc#pipe(boolean) Ipc.pipe(false)}: left receives, right sends. */
class OneWayPipeTest extends ConnectionContract {
    @Override
    protected Pipe create() {
        return Ipc.pipe(false);
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
    void eachEndGoesOneWayOnly() {
        Pipe p = pipe();
        assertTrue(p.left().readable());
        assertFalse(p.left().writable());
        assertFalse(p.right().readable());
        assertTrue(p.right().writable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.left().send(1));
        assertEquals("this end of a one-way pipe only receives (it is Python's conn1, left())", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> p.right().recv());
        assertEquals("this end of a one-way pipe only sends (it is Python's conn2, right())", e.getMessage());
    }
}
