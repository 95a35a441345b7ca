package io.github.multiprocessing4j.ipc.internal;

import io.github.multiprocessing4j.internal.Channel;
import java.io.IOException;

/**
 * Forwards frames both ways between two connections that reached a pipe's hub, when neither end of the
 * pipe lives in the hub's JVM. When either side ends, both are closed, so each end sees end of stream.
 */
final class Relay {
    private Relay() {
    }

    static void start(PipeHub.Link a, PipeHub.Link b, String name) {
        pump(a, b, name + "-relay-a");
        pump(b, a, name + "-relay-b");
    }

    private static void pump(PipeHub.Link from, PipeHub.Link to, String name) {
        Thread t = new Thread(() -> {
            try {
                Channel.Message m;
                while ((m = from.channel().receive()) != null) {
                    byte[] body = (byte[]) m.body(); // a pipe's frames are all raw
                    to.channel().sendBytes(m.type() & 0xff, m.id(), body, 0, body.length);
                }
            } catch (IOException | RuntimeException e) {
                // one side is gone: end both
            } finally {
                from.close();
                to.close();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
