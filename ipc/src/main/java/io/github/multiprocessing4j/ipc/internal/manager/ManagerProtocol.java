package io.github.multiprocessing4j.ipc.internal.manager;

/**
 * The manager's wire protocol, on top of the framed, authenticated {@code Channel}
 * ({@code internal.FrameLayout}: {@code length | type | id | body}). Every connection, Unix or TCP,
 * first passes the channel's HMAC-SHA256 challenge on the authkey; nothing is decoded before that.
 *
 * <h2>Client connections (a proxy's JVM to the server)</h2>
 * Strictly request/reply on one connection: a client sends one request and reads its one reply before
 * the connection is used again (connections are pooled per JVM, one borrower at a time), so replies need
 * no correlation. Types without a reply are marked so.
 * <pre>
 *   type         id              body                                   reply
 *   HELLO  0x20  session id      null                                   none
 *   CALL   0x21  object id       Object[]{Integer method, args...}      RESULT value | ERROR throwable
 *   CREATE 0x22  0               Object[]{String kind, String typeid,   RESULT Long object id (one
 *                                         String api, args...}           reference held by the session)
 *   INCREF 0x23  object id       null                                   RESULT null | ERROR
 *   DECREF 0x24  object id       null                                   none
 *   PING   0x25  0               null                                   RESULT long[]{server pid, server id}
 *   STATS  0x26  0               null                                   RESULT Integer live objects
 *   CALL_COMPACT   object id     raw: {@link PipelinedCallLayout}        as CALL (what proxies send)
 *          0xA2
 *   CALL_NO_REPLY  object id     raw: {@link PipelinedCallLayout}        none on success; on failure one
 *          0xA1                                                         DEFERRED_ERROR 0x32 throwable
 * </pre>
 * Pipelined calls ({@code CALL_NO_REPLY}): the client keeps sending on one connection without reading;
 * the server applies them in order and answers only the first one that fails, with a
 * {@code DEFERRED_ERROR} frame, which the client reads just before the reply of its next waited-for
 * request on that connection. The server sends at most one such frame between two waited-for requests,
 * so a client that only writes can never fill its receive buffer and stall the server.
 * {@code method} indexes the {@link MethodTable} of the object's interface, which both sides build the
 * same way. A reply that carries a proxy carries one reference to its object on behalf of the receiving
 * session ("adopted" by the proxy decoded from it), so the object cannot be freed between the reply and
 * the client's first use.
 *
 * <h2>Control channel (the owner JVM to its server JVM, the child's parent channel)</h2>
 * <pre>
 *   READY    0x40  server to owner  Object[]{String unixSocketPath, Integer tcpPort (-1: none), Long serverId}
 *   FAILED   0x41  server to owner  Throwable: the server could not start (port in use, say)
 *   SHUTDOWN 0x42  owner to server  null: close every connection and exit; end-of-stream means the same
 * </pre>
 */
public final class ManagerProtocol {
    /** Client to server, first frame: which session (client JVM) this connection belongs to. */
    public static final int HELLO = 0x20;
    /** A method call; one RESULT or ERROR answers it. */
    public static final int CALL = 0x21;
    /** Creates an object; answered with its id. */
    public static final int CREATE = 0x22;
    /** Takes one more reference for the session. */
    public static final int INCREF = 0x23;
    /** Gives one reference back; not answered. */
    public static final int DECREF = 0x24;
    /** Answered with the server's pid and id; also flushes pipelined calls. */
    public static final int PING = 0x25;
    /** Answered with the number of live objects (Python's {@code _number_of_objects()}), for diagnostics. */
    public static final int STATS = 0x26;
    /** Raw type: the server reads the body itself, so it knows no reply is due even if decoding fails. */
    public static final int CALL_NO_REPLY = 0xA1;
    /** A method call with a {@link PipelinedCallLayout} body (raw type); answered as CALL. */
    public static final int CALL_COMPACT = 0xA2;
    /** Server to client: the value a request returned. */
    public static final int RESULT = 0x30;
    /** Server to client: what a request threw. */
    public static final int ERROR = 0x31;
    /** Server to client: what the first failed pipelined call threw, sent before the next reply. */
    public static final int DEFERRED_ERROR = 0x32;

    /** Server to owner: listening. */
    public static final int READY = 0x40;
    /** Server to owner: could not start. */
    public static final int FAILED = 0x41;
    /** Owner to server: exit. */
    public static final int SHUTDOWN = 0x42;

    private ManagerProtocol() {
    }
}
