package io.github.multiprocessing4j.ipc;

import java.time.Duration;

/**
 * One end of a {@link Pipe}: Python's {@code multiprocessing.connection.Connection}. Messages keep their
 * boundaries; {@link #send} encodes a value with the library's codec, {@link #sendBytes} sends raw bytes.
 * Either end may be captured by a {@link io.github.multiprocessing4j.JvmProcess} target or a task and used
 * in the child; the JVM that last attached an end owns it, and when that JVM exits the end counts as closed.
 *
 * <p>Threading: like Python's, a connection is meant for one sending and one receiving thread at a time;
 * concurrent senders (or receivers) do not corrupt messages, but their relative order is undefined.
 *
 * <p>Memory consistency effects: actions before {@code send}/{@code sendBytes} happen-before actions after
 * the {@code recv}/{@code recvBytes} that returns that message.
 *
 * <p>Interrupts: a thread interrupted while it waits in {@code send}, {@code recv} or {@code poll} gets a
 * {@link io.github.multiprocessing4j.MultiprocessingException} whose cause is the interruption, with its
 * interrupt flag set again (as {@code JvmProcess.join()}). An interrupted {@code send} or {@code recv} also
 * closes this end (NIO closes an interrupted socket), so the other end sees end of stream.
 *
 * <p>Transport: as Python's {@code Pipe()} (a socketpair), an authenticated Unix domain socket between
 * the two JVMs holding the ends, made on first use; {@code recv} sleeps in the kernel until data comes
 * (no CPU while idle, one wake-up per message), {@code send} waits only while the socket buffer is full.
 * An end travels once: from the JVM that created the pipe to one other JVM (the seed's pattern); when both
 * ends leave the creating JVM, it relays between them.
 *
 * <p>End of stream: closing an end, or the exit of the process holding it, makes the other end's
 * {@code recv} throw {@link ClosedException} once everything sent before was received.
 */
public interface Connection extends AutoCloseable {
    /**
     * Sends one value (encoded here, in the caller's thread).
     *
     * @throws ClosedException if the other end was closed or its process exited (Python's {@code BrokenPipeError})
     * @throws IllegalStateException if this end was closed, or only receives (one-way pipe's left end)
     * @throws io.github.multiprocessing4j.EncodingException if the value cannot be encoded; nothing was sent
     */
    void send(Object value);

    /**
     * Waits for the next message and decodes it.
     *
     * @throws ClosedException when nothing is left to receive and the other end was closed or its process
     *     exited (Python's {@code EOFError})
     * @throws IllegalStateException if this end was closed, or only sends
     */
    Object recv();

    /** Sends {@code bytes} as one message. Same errors as {@link #send}. */
    void sendBytes(byte[] bytes);

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one message. */
    void sendBytes(byte[] bytes, int offset, int length);

    /** Waits for the next message and returns its bytes. Same errors as {@link #recv}. */
    byte[] recvBytes();

    /**
     * Waits at most {@code timeout} until {@link #recv} would not block: a message is there, or the other
     * end is closed (then {@code recv} throws {@link ClosedException}). {@link Duration#ZERO} does not wait.
     *
     * @return whether {@code recv} would return or throw at once
     */
    boolean poll(Duration timeout);

    /** {@link #poll(Duration)} without waiting. */
    boolean poll();

    /** Whether this end receives (false only for the right end of a one-way pipe). */
    boolean readable();

    /** Whether this end sends (false only for the left end of a one-way pipe). */
    boolean writable();

    /**
     * Closes this end: the other end's {@code recv} returns what was already sent and then throws
     * {@link ClosedException}; its {@code send} fails with it. Idempotent. The pipe's rendezvous socket file
     * is removed once both ends are connected, or both of the creating JVM's end objects are closed, or that
     * JVM exits.
     */
    @Override
    void close();

    /** Whether {@link #close()} was called on this end (in this JVM). */
    boolean isClosed();
}
