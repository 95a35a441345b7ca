package io.github.multiprocessing4j.ipc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registered type for the remote tests, in Python's remote-manager style: every {@code create} of it
 * returns the same map of the server JVM, so clients that know only the address meet there.
 */
public final class SharedState {
    private static final Map<String, Object> INSTANCE = Collections.synchronizedMap(new LinkedHashMap<>());

    private SharedState() {
    }

    public static Map<String, Object> instance() {
        return INSTANCE;
    }
}
