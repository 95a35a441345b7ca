package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.MultiprocessingException;
import java.lang.ref.Cleaner;

/**
 * The state every proxy shares: its {@link Token} and, once used in this JVM, its transport and the one
 * reference it holds on the server.
 *
 * <p>Reference rule: each handle holds at most one reference. A handle decoded from a server reply
 * adopts the reference the server took for it; a handle decoded anywhere else (a process target, a
 * task) takes its reference on first use. The reference is given back when the handle becomes
 * unreachable (a {@link Cleaner}) or when the client JVM's connections close.
 */
public final class ProxyHandle {
    private static final Cleaner CLEANER = Cleaner.create();

    final Token token;
    private final MethodTable table;
    private volatile Transport transport;

    ProxyHandle(Token token, Transport transport, boolean holdsReference) {
        this.token = token;
        this.table = token.table();
        if (transport != null && holdsReference) {
            this.transport = transport;
            CLEANER.register(this, new Release(transport, token.objectId()));
        }
    }

    /** The object's kind. */
    public Kind kind() {
        return token.kind();
    }

    MethodTable table() {
        return table;
    }

    private Transport bind() {
        Transport t = transport;
        if (t == null) {
            synchronized (this) {
                t = transport;
                if (t == null) {
                    t = ManagerClient.of(token);
                    t.incref(token.objectId());
                    CLEANER.register(this, new Release(t, token.objectId()));
                    transport = t;
                }
            }
        }
        return t;
    }

    /** Calls the method at {@code method}; checked exceptions of the method arrive wrapped in a MultiprocessingException. */
    public Object call(int method, Object... args) {
        try {
            return callChecked(method, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MultiprocessingException(e.getMessage(), e);
        } catch (Exception e) {
            throw new MultiprocessingException(table.describe(method) + " failed on the manager: " + e, e);
        }
    }

    /** Calls the method at {@code method}, passing through every exception it threw on the server. */
    public Object callChecked(int method, Object... args) throws Exception {
        Object[] request = new Object[args.length + 1];
        request[0] = method;
        System.arraycopy(args, 0, request, 1, args.length);
        try {
            return bind().call(token.objectId(), request, table);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new MultiprocessingException(table.describe(method) + " failed on the manager: " + t, t);
        } finally {
            java.lang.ref.Reference.reachabilityFence(args); // proxies among the args stay held until the server has them
        }
    }

    /**
     * Sends a call without waiting for it to be applied (see {@code DictProxy.set}); a server-local
     * proxy just calls.
     */
    public void send(int method, Object... args) {
        Transport t = bind();
        if (t instanceof ManagerClient client) {
            client.callWithoutReply(token.objectId(), method, args, table);
        } else {
            call(method, args);
        }
    }

    /**
     * The object's {@code toString()} from the server; if the manager cannot be reached, a description
     * of the proxy and why, as Python's proxies print {@code '__str__()' failed}, so that logging a proxy
     * never throws.
     */
    public String describe(int toStringMethod) {
        try {
            return (String) call(toStringMethod);
        } catch (io.github.multiprocessing4j.MultiprocessingException e) {
            return "<" + token + "; toString() failed: " + e.getMessage() + ">";
        }
    }

    /** Index of a method of this handle's interface. */
    public int method(String name, Class<?>... parameterTypes) {
        return table.index(name, parameterTypes);
    }

    /** An identity for equality of proxies: same server, same object. */
    public boolean sameObject(ProxyHandle other) {
        return other != null && other.token.serverId() == token.serverId() && other.token.objectId() == token.objectId();
    }

    @Override
    public String toString() {
        return token.toString();
    }

    private record Release(Transport transport, long id) implements Runnable {
        @Override
        public void run() {
            transport.decref(id);
        }
    }
}
