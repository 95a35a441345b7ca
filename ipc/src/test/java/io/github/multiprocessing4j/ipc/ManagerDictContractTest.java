package io.github.multiprocessing4j.ipc;

import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared dict contract against a manager's {@code dict()} proxy (one server for the class). */
class ManagerDictContractTest extends ConcurrentMapContract {
    private static Manager manager;

    @BeforeAll
    static void startManager() {
        manager = Manager.start();
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    protected ConcurrentMap<Object, Object> create() {
        return manager.dict();
    }

    @Override
    protected boolean allowsNullValues() {
        return true;
    }
}
