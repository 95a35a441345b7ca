package io.github.multiprocessing4j.ipc.internal.manager;

/** Implemented by every proxy class: its handle. */
public interface Proxied {
    /** The token and connection state of this proxy. */
    ProxyHandle handle();
}
