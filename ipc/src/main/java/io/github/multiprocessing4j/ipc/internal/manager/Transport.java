package io.github.multiprocessing4j.ipc.internal.manager;

/** How a proxy reaches its object: over sockets from a client JVM, or directly inside the server. */
interface Transport {
    /**
     * Calls a method of object {@code id}; {@code request[0]} is the method's index in {@code table}.
     *
     * @throws Throwable what the method threw, or a {@code MultiprocessingException} if the manager is gone
     */
    Object call(long id, Object[] request, MethodTable table) throws Throwable;

    /** Takes one more reference to object {@code id}; fails if it no longer exists. */
    void incref(long id);

    /** Gives one reference back, possibly later (decrefs are batched); never throws. */
    void decref(long id);
}
