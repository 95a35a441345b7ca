package io.github.multiprocessing4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Tees {@code System.out} or {@code System.err} into a buffer while open, so a test can check what child
 * JVMs forwarded. Use with try-with-resources.
 */
public final class CapturedOutput implements AutoCloseable {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream original;
    private final boolean err;

    private CapturedOutput(boolean err) {
        this.err = err;
        this.original = err ? System.err : System.out;
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(tee);
        } else {
            System.setOut(tee);
        }
    }

    public static CapturedOutput stdout() {
        return new CapturedOutput(false);
    }

    public static CapturedOutput stderr() {
        return new CapturedOutput(true);
    }

    public String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (err) {
            System.setErr(original);
        } else {
            System.setOut(original);
        }
    }
}
