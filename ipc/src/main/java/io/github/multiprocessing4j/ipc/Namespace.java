package io.github.multiprocessing4j.ipc;

import java.util.Map;

/**
 * A namespace hosted by a {@link Manager}: Python's {@code manager.Namespace()}, whose attributes
 * ({@code ns.x = 1}) become {@code ns.set("x", 1)} and {@code ns.get("x")} in Java. Attributes keep
 * the order they were first set in; each call is one atomic round trip.
 *
 * <p>{@code toString()} prints {@code Namespace(x=1, y=hello)}, as Python does.
 */
public interface Namespace {
    /**
     * The attribute's value.
     *
     * @throws java.util.NoSuchElementException if it was never set (Python's {@code AttributeError})
     */
    <T> T get(String name);

    /** The attribute's value, or {@code defaultValue} if it was never set. */
    <T> T getOrDefault(String name, T defaultValue);

    /** Sets the attribute ({@code ns.name = value}). */
    void set(String name, Object value);

    /** Deletes the attribute ({@code del ns.name}); returns whether it existed. */
    boolean delete(String name);

    /** Whether the attribute is set ({@code hasattr}). */
    boolean has(String name);

    /** A copy of every attribute, in order ({@code vars(ns)}). */
    Map<String, Object> toMap();
}
