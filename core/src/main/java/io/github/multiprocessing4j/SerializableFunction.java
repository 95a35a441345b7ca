package io.github.multiprocessing4j;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be shipped to another JVM, as {@code pool.map(x -> x * x, items)} does.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
