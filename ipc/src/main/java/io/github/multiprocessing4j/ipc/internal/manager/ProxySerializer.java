package io.github.multiprocessing4j.ipc.internal.manager;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Encodes a proxy as its {@link Token}, never as a copy of the object: a proxy stored in a manager dict
 * stays a proxy (CPython gh-101320, gh-74442), and a proxy captured by a process target reaches the
 * same server object.
 *
 * <p>Where the decoded proxy's reference comes from depends on where it is decoded:
 * <ul>
 *   <li>in the server it belongs to (a proxy passed as an argument): a server-local proxy that takes a
 *       reference at once and calls its object directly;</li>
 *   <li>in a client reading a reply: the server took a reference for this client's session while
 *       encoding the reply ({@code adopted}), and the proxy adopts it;</li>
 *   <li>anywhere else: the proxy takes its reference on first use.</li>
 * </ul>
 *
 * <pre>
 *   long serverId | String unixPath | String host | varint port | varint keyLength | key bytes
 *   | long objectId | String kind | String api | boolean adopted
 * </pre>
 */
public final class ProxySerializer extends Serializer<Object> {
    /** Set on the server's connection threads: decoding and encoding there has server semantics. */
    static final ThreadLocal<ServerSide> SERVER = new ThreadLocal<>();

    /** Set when a proxy was encoded on this thread (a pipelined call that carries one must wait). */
    static final ThreadLocal<Boolean> WROTE_PROXY = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** A server connection thread's view: its registry and the session of the connection. */
    record ServerSide(Registry registry, Registry.Session session, Transport local) {
    }

    @Override
    public void write(Kryo kryo, Output out, Object proxy) {
        Token t = ((Proxied) proxy).handle().token;
        WROTE_PROXY.set(Boolean.TRUE);
        boolean adopted = false;
        ServerSide s = SERVER.get();
        if (s != null && s.session() != null && t.serverId() == s.registry().serverId()) {
            s.registry().incref(s.session(), t.objectId());
            adopted = true;
        }
        out.writeLong(t.serverId());
        out.writeString(t.unixPath());
        out.writeString(t.host());
        out.writeVarInt(t.port(), true);
        out.writeVarInt(t.authkey().length, true);
        out.writeBytes(t.authkey());
        out.writeLong(t.objectId());
        out.writeString(t.kind().name());
        out.writeString(t.api());
        out.writeBoolean(adopted);
    }

    @Override
    public Object read(Kryo kryo, Input in, Class<?> type) {
        long serverId = in.readLong();
        String unixPath = in.readString();
        String host = in.readString();
        int port = in.readVarInt(true);
        byte[] key = in.readBytes(in.readVarInt(true));
        long objectId = in.readLong();
        Kind kind = Kind.valueOf(in.readString());
        String api = in.readString();
        boolean adopted = in.readBoolean();
        Token t = new Token(serverId, unixPath, host, port, key, objectId, kind, api);
        ProxyHandle h;
        ServerSide s = SERVER.get();
        ManagerClient receiving = ManagerClient.receiving();
        if (s != null && serverId == s.registry().serverId()) {
            s.registry().incref(s.registry().local, objectId);
            h = new ProxyHandle(t, s.local(), true);
        } else if (adopted && receiving != null && receiving.serverId() == serverId) {
            h = new ProxyHandle(t, receiving, true);
        } else {
            h = new ProxyHandle(t, null, false);
        }
        // a registered type's proxy travels as a JDK proxy whose handler is written through here
        return type == RegisteredHandler.class ? new RegisteredHandler(h) : Proxies.newProxy(h);
    }

    @Override
    public Object copy(Kryo kryo, Object original) {
        return Proxies.newProxy(new ProxyHandle(((Proxied) original).handle().token, null, false));
    }
}
