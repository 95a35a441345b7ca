package io.github.multiprocessing4j;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be shipped to another JVM: Python's picklable callable with no result.
 *
 * <p>Declaring a parameter of this type is enough for a plain lambda or method reference to be
 * compiled as serializable, so {@code new JvmProcess(() -> work(42))} ships {@code work} and the
 * captured {@code 42} to the child.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
