package io.github.multiprocessing4j.ipc.internal;

import io.github.multiprocessing4j.MultiprocessingException;
import io.github.multiprocessing4j.internal.Channel;
import io.github.multiprocessing4j.internal.RuntimeDir;
import io.github.multiprocessing4j.ipc.ClosedException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rendezvous of one pipe, in the JVM that created it: a Unix socket in this JVM's runtime directory
 * that ends living in other JVMs connect to, authenticated with the pipe's secret.
 *
 * <p>How the two ends meet, for each place they can be (C = the creating JVM):
 * <ul>
 *   <li>one end in C, the other sent to a child (the seed's case): the child's end connects here, C's end
 *       takes that connection; the two JVMs talk directly, as Python's socketpair;</li>
 *   <li>both ends used in C: C connects to itself; the two ends hold the two sides;</li>
 *   <li>both ends sent to other JVMs, or an end used in C before it was sent on: C relays between the two
 *       connections (one more hop; correct, slower).</li>
 * </ul>
 * Once both ends are settled nobody else can connect, so the socket file is removed then; otherwise it
 * goes when both of C's end objects are closed or C exits.
 */
final class PipeHub {
    static final int LEFT = 0;
    static final int RIGHT = 1;
    /**
     * Frame types on a pipe's channel, all raw (the pipe decodes values itself): raw bytes, an encoded
     * value, and the connecting end's hello (its role in the frame id).
     */
    static final int BYTES = 0x90;
    static final int VALUE = 0x91;
    static final int HELLO = 0x92;

    final Path path;
    final byte[] secret;
    private final ServerSocketChannel server;
    /** Foreign connections by role, not yet taken by C's end of the other role. */
    private final Link[] arrived = new Link[2];
    /** C-side channels prepared for C's own end of that role (local pair, or relay counterpart). */
    private final Link[] forLocal = new Link[2];
    private final boolean[] exported = new boolean[2];
    private final boolean[] settled = new boolean[2];
    private final boolean[] closedHere = new boolean[2];
    private boolean listening = true;
    /** The role a local pair's connection announces while C connects to itself, else -1. */
    private int pairing = -1;

    /** An authenticated channel and its socket (kept for {@code poll}'s selector). */
    record Link(Channel channel, SocketChannel socket) {
        void close() {
            channel.close();
        }
    }

    PipeHub() {
        this.path = RuntimeDir.newPath("pipe-", ".sock");
        this.secret = Channel.newSecret();
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 8);
        } catch (IOException e) {
            throw new MultiprocessingException("cannot listen on " + path + " for a pipe: " + e.getMessage(), e);
        }
        Thread t = new Thread(this::acceptLoop, "mp4j-pipe-" + path.getFileName());
        t.setDaemon(true);
        t.start();
    }

    /** C's end of {@code role} is being encoded for another JVM. */
    synchronized void exported(int role) {
        exported[role] = true;
    }

    /**
     * The channel for C's own end of {@code role}, waiting for the other end to connect if it was sent
     * to another JVM.
     */
    synchronized Link channelFor(int role) throws InterruptedException {
        int peer = 1 - role;
        while (true) {
            if (pairing != -1) {
                wait(); // another thread of this JVM is connecting the two ends
                continue;
            }
            if (forLocal[role] != null) {
                Link c = forLocal[role];
                forLocal[role] = null;
                settle(role);
                return c;
            }
            if (arrived[peer] != null) {
                Link c = arrived[peer];
                arrived[peer] = null;
                settle(role);
                settle(peer);
                return c;
            }
            if (closedHere[peer] && !exported[peer] || !listening) {
                throw new ClosedException("end of stream: the other end of the pipe is closed (it was closed before"
                        + " this end was first used)");
            }
            if (!exported[peer] && !settled[peer]) {
                localPair(role);
                continue;
            }
            wait();
        }
    }

    /** C closed its end object of {@code role}. */
    synchronized void closed(int role) {
        closedHere[role] = true;
        int peer = 1 - role;
        if (!exported[role] && arrived[peer] != null) {
            arrived[peer].close(); // the other end came from another JVM for this end, now closed: end of stream
            arrived[peer] = null;
            settled[peer] = true;
        }
        if (forLocal[role] != null) {
            forLocal[role].close();
            forLocal[role] = null;
        }
        if (closedHere[0] && closedHere[1]) {
            stopListening();
        }
        notifyAll();
    }

    /** Connects C to itself: the connection announces itself as the peer end and waits in {@code arrived}. */
    private void localPair(int role) throws InterruptedException {
        int peer = 1 - role;
        pairing = peer;
        try {
            Link client = connect(path, secret, peer);
            while (arrived[peer] == null) {
                wait(); // the accept thread authenticates the other side and calls arrive()
            }
            if (closedHere[peer]) {
                client.close(); // the peer end was closed meanwhile: this end sees end of stream
            } else {
                forLocal[peer] = client;
            }
        } catch (IOException e) {
            throw new MultiprocessingException("cannot connect the two ends of pipe " + path.getFileName() + ": " + e, e);
        } finally {
            pairing = -1;
        }
    }

    /** Connects an end to a pipe's hub and announces its role. */
    static Link connect(Path path, byte[] secret, int role) throws IOException {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.connect(UnixDomainSocketAddress.of(path));
            Channel c = Channel.authenticate(s, secret, "the pipe's other end", false);
            c.sendBytes(HELLO, role, new byte[0], 0, 0);
            return new Link(c, s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void settle(int role) {
        settled[role] = true;
        maybeStopListening();
    }

    private void maybeStopListening() {
        if (settled[0] && settled[1] && arrived[0] == null && arrived[1] == null) {
            stopListening();
        }
    }

    private void stopListening() {
        if (!listening) {
            return;
        }
        listening = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listener loses nothing
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // swept with the runtime directory
        }
        notifyAll();
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed: both ends settled
            }
            // the handshake waits on the peer: never on the accepting thread
            Thread t = new Thread(() -> handshake(s), Thread.currentThread().getName() + "-handshake");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handshake(SocketChannel s) {
        try {
            Channel c = Channel.authenticate(s, secret, "the pipe's other end", true);
            Channel.Message hello = c.receive();
            if (hello == null || (hello.type() & 0xff) != HELLO || (hello.id() != LEFT && hello.id() != RIGHT)) {
                c.close();
                return;
            }
            arrive((int) hello.id(), new Link(c, s));
        } catch (IOException | RuntimeException e) {
            // a failed handshake closes that connection only
        }
    }

    private synchronized void arrive(int role, Link c) {
        int peer = 1 - role;
        if (pairing == role) {
            arrived[role] = c;
            notifyAll();
            return;
        }
        if (settled[role] && forLocal[role] == null && !closedHere[role]) {
            c.close(); // the end is already in use elsewhere
            return;
        }
        if (forLocal[role] != null) {
            // C's end of this role was paired locally but never used here: relay it to the newcomer
            Relay.start(forLocal[role], c, path.getFileName().toString());
            forLocal[role] = null;
            settle(role);
            return;
        }
        if (closedHere[peer] && !exported[peer]) {
            c.close(); // its other end was closed here before ever being used: end of stream
            settle(role);
            return;
        }
        if (arrived[peer] != null) {
            Relay.start(arrived[peer], c, path.getFileName().toString());
            arrived[peer] = null;
            settle(role);
            settle(peer);
            return;
        }
        arrived[role] = c;
        notifyAll();
    }
}
