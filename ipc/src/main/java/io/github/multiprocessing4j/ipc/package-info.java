/**
 * Data shared between JVMs: queues, pipes, shared memory, locks and the manager. {@code Ipc} is the
 * factory, in Python's spelling; every object it makes can be captured by a task or a
 * {@link io.github.multiprocessing4j.JvmProcess} target and used on the other side.
 */
package io.github.multiprocessing4j.ipc;
