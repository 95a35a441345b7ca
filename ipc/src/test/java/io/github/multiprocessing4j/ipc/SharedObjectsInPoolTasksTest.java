package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.ProcessPool;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Shared objects captured by pool tasks: each task decodes them in a worker and uses the same memory. */
@SuppressWarnings("try") // try (Held held = x.hold()) is Python's "with x:"
class SharedObjectsInPoolTasksTest {
    @AfterAll
    static void collectUnreachableObjects() {
        System.gc();
    }

    @Test
    void tasksInPoolWorkersCountIntoOneValueAndOneArray() {
        SharedLong total = Ipc.value(0L);
        SharedIntArray perItem = Ipc.intArray(50);
        List<Integer> items = IntStream.range(0, 50).boxed().collect(Collectors.toList());
        try (ProcessPool pool = new ProcessPool(2)) {
            List<Long> pids = pool.map(i -> {
                for (int k = 0; k < 1000; k++) {
                    try (Held held = total.getLock().hold()) {
                        total.set(total.get() + 1);
                    }
                }
                perItem.incrementAndGet(i);
                return ProcessHandle.current().pid();
            }, items);
            assertEquals(50, pids.size());
        }
        assertEquals(50_000L, total.get());
        for (int i = 0; i < 50; i++) {
            assertEquals(1, perItem.get(i), "item " + i);
        }
    }
}
