/**
 * The manager's machinery. {@link io.github.multiprocessing4j.ipc.internal.manager.ManagerServer} is the
 * server JVM's target: a {@link io.github.multiprocessing4j.ipc.internal.manager.Registry} of hosted
 * objects ({@link io.github.multiprocessing4j.ipc.internal.manager.ServerObjects}) with reference counts,
 * one thread per authenticated connection. On the client side, a proxy (the {@code Remote*} classes, or
 * a JDK proxy over a {@link io.github.multiprocessing4j.ipc.internal.manager.RegisteredHandler}) holds a
 * {@link io.github.multiprocessing4j.ipc.internal.manager.ProxyHandle} and calls through this JVM's
 * {@link io.github.multiprocessing4j.ipc.internal.manager.ManagerClient} for that server. Methods travel
 * as indexes into a {@link io.github.multiprocessing4j.ipc.internal.manager.MethodTable};
 * {@link io.github.multiprocessing4j.ipc.internal.manager.ManagerProtocol} documents the frames,
 * {@link io.github.multiprocessing4j.ipc.internal.manager.PipelinedCallLayout} the pipelined call body,
 * and {@link io.github.multiprocessing4j.ipc.internal.manager.ProxySerializer} how a proxy travels.
 */
package io.github.multiprocessing4j.ipc.internal.manager;
