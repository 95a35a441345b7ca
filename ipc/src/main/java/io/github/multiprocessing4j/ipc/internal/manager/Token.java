package io.github.multiprocessing4j.ipc.internal.manager;

/**
 * What a proxy is, everywhere: which server (its random id, Unix socket, TCP address, authkey), which
 * object, of which kind and interface. This is all a proxy carries to another JVM.
 *
 * <p>The authkey travels with the proxy, as Python's does, only inside an authenticated channel.
 */
record Token(long serverId, String unixPath, String host, int port, byte[] authkey, long objectId, Kind kind,
             String api) {
    MethodTable table() {
        if (kind != Kind.REGISTERED) {
            return MethodTable.of(kind.api());
        }
        try {
            return MethodTable.of(Class.forName(api, false, Token.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new io.github.multiprocessing4j.MultiprocessingException("the interface " + api
                    + " of a registered manager type is not on this JVM's class path", e);
        }
    }

    /** {@code unix:/path} or {@code host:port}, for messages. */
    String address() {
        return host != null ? host + ":" + port : "unix:" + unixPath;
    }

    @Override
    public String toString() {
        return kind + " object " + objectId + " at " + address(); // never the authkey
    }
}
