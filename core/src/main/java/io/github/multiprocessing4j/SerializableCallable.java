package io.github.multiprocessing4j;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be shipped to another JVM. A lambda passed where this type is expected
 * is compiled as serializable; what it captures travels with it.
 *
 * @param <V> the result type, which must itself be encodable to come back
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
