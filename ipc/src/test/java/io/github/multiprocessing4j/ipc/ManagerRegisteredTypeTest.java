package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.JvmProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user type registered with the manager, created on the server and used from child JVMs. */
class ManagerRegisteredTypeTest {

    /** The interface clients see. */
    public interface CounterApi {
        int increment(int by);

        int value();

        String describe(String prefix) throws java.io.IOException;
    }

    /** The class the server hosts: thread-safe, as the server calls it from several threads. */
    public static final class Counter implements CounterApi {
        private int value;

        @Override
        public synchronized int increment(int by) {
            if (by < 0) {
                throw new IllegalArgumentException("by < 0: " + by);
            }
            value += by;
            return value;
        }

        @Override
        public synchronized int value() {
            return value;
        }

        @Override
        public String describe(String prefix) throws java.io.IOException {
            if (prefix.isEmpty()) {
                throw new java.io.IOException("empty prefix");
            }
            return prefix + " pid " + ProcessHandle.current().pid();
        }
    }

    @Test
    void registeredTypeFromChildJvms() throws Exception {
        try (Manager m = Manager.builder().register("Counter", Counter::new, CounterApi.class).start()) {
            CounterApi c = m.create("Counter", CounterApi.class);
            assertEquals(1, c.increment(1));
            List<JvmProcess> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                children.add(new JvmProcess(() -> {
                    for (int k = 0; k < 50; k++) {
                        c.increment(2);
                    }
                }).start());
            }
            for (JvmProcess p : children) {
                assertTrue(p.join(Duration.ofSeconds(30)));
                assertEquals(0, p.exitCode().getAsInt());
            }
            assertEquals(201, c.value());
            assertEquals("server pid " + m.serverPid(), c.describe("server"));
            // exceptions come back as their own type: unchecked, and checked ones the method declares
            IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> c.increment(-1));
            assertEquals("by < 0: -1", iae.getMessage());
            assertEquals("empty prefix", assertThrows(java.io.IOException.class, () -> c.describe("")).getMessage());

            // a registered proxy stored in a manager dict stays a proxy
            DictProxy<String, Object> d = m.dict();
            d.put("counter", c);
            CounterApi back = (CounterApi) d.get("counter");
            back.increment(1);
            assertEquals(202, c.value());
            assertEquals(c, back);
        }
    }

    @Test
    void unknownAndMismatchedTypesAreRefused() {
        try (Manager m = Manager.builder().register("Counter", Counter::new, CounterApi.class).start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.create("Nope", CounterApi.class));
            assertEquals("no type 'Nope' is registered with this manager; registered: [Counter]", e.getMessage());
            IllegalArgumentException wrongApi = assertThrows(IllegalArgumentException.class,
                    () -> m.create("Counter", Runnable.class));
            assertTrue(wrongApi.getMessage().contains("is registered with interface"), wrongApi.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Manager.builder().register("Counter", Counter::new, CounterApi.class)
                        .register("Counter", Counter::new, CounterApi.class));
    }
}
