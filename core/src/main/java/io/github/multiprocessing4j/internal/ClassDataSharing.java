package io.github.multiprocessing4j.internal;

import java.util.List;

/** JVM options that let children start from a class-data-sharing archive. */
final class ClassDataSharing {
    private ClassDataSharing() {
    }

    static List<String> options() {
        return List.of();
    }
}
