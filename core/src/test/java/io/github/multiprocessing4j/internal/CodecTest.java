package io.github.multiprocessing4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.multiprocessing4j.EncodingException;
import io.github.multiprocessing4j.RemoteException;
import io.github.multiprocessing4j.SerializableBiFunction;
import io.github.multiprocessing4j.SerializableCallable;
import io.github.multiprocessing4j.SerializableFunction;
import io.github.multiprocessing4j.SerializableRunnable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the codec must carry across a JVM boundary; the same codec runs on both sides. */
class CodecTest {
    private static Object roundTrip(Object o) {
        return Codec.local().roundTrip(o);
    }

    @SuppressWarnings("unchecked")
    private static <T> T same(T o) {
        return (T) roundTrip(o);
    }

    @Test
    void kryoIsToldToLeaveUnsafeAloneFromJdk24UnlessTheUserChose() {
        String before = System.getProperty(Codec.KRYO_UNSAFE_PROPERTY);
        try {
            System.clearProperty(Codec.KRYO_UNSAFE_PROPERTY);
            Codec.quietKryoUnsafe();
            assertEquals(Runtime.version().feature() >= 24 ? "false" : null, System.getProperty(Codec.KRYO_UNSAFE_PROPERTY));
            System.setProperty(Codec.KRYO_UNSAFE_PROPERTY, "true");
            Codec.quietKryoUnsafe();
            assertEquals("true", System.getProperty(Codec.KRYO_UNSAFE_PROPERTY), "the user's choice stands");
        } finally {
            if (before == null) {
                System.clearProperty(Codec.KRYO_UNSAFE_PROPERTY);
            } else {
                System.setProperty(Codec.KRYO_UNSAFE_PROPERTY, before);
            }
        }
    }

    @Test
    void aThreadDoesNotKeepABigEncodingBufferAfterEncodingABigValue() {
        Codec codec = Codec.local();
        double[] big = new double[2 << 20]; // 16 MB, over what a thread keeps
        big[big.length - 1] = 7;
        byte[] bytes = codec.encode(big);
        assertTrue(codec.bufferCapacity() <= Codec.KEEP_BUFFER, "kept " + codec.bufferCapacity());
        assertEquals(7.0, ((double[]) codec.decode(bytes, 0, bytes.length))[big.length - 1]);
        Object[] unencodable = {new double[2 << 20], new Thread()}; // fails after growing the buffer
        assertThrows(io.github.multiprocessing4j.EncodingException.class, () -> codec.encode(unencodable));
        assertTrue(codec.bufferCapacity() <= Codec.KEEP_BUFFER, "kept after a failure: " + codec.bufferCapacity());
        assertEquals("small", same("small"));
    }

    @Test
    void lambdaKeepsCapturedValues() {
        int factor = 7;
        String label = "x";
        SerializableFunction<Integer, String> f = i -> label + (i * factor);
        assertEquals("x21", same(f).apply(3));
    }

    private static SerializableCallable<String> capturingEveryKind(int i, long l, double d, boolean b, char c,
                                                                  String s, java.util.List<Integer> list) {
        return () -> i + "|" + l + "|" + d + "|" + b + "|" + c + "|" + s + "|" + list;
    }

    private static SerializableCallable<String> pair(int a, int b) {
        return () -> a + "," + b;
    }

    /**
     * The first instance of a lambda class is encoded through writeReplace; later ones read the captured
     * values from the instance's fields. Every instance must carry its own values, of every kind.
     */
    private final String owner = "owner-" + System.identityHashCode(this);

    private SerializableCallable<String> capturingThis(int k) {
        return () -> owner + ":" + k;
    }

    /**
     * Decoding recognises a lambda's constant part from the reader's cache after the first time: each
     * later instance must still be the lambda it was, with its own values, whatever it captures (this,
     * a bound receiver, every primitive kind, nothing).
     */
    @Test
    void decodedLambdasAfterTheFirstKeepTheirOwnValues() throws Exception {
        SerializableFunction<Integer, Integer> none = i -> i + 1;
        Object first = same(none);
        for (int k = 0; k < 4; k++) {
            SerializableFunction<Integer, Integer> again = same(none);
            assertEquals(k + 1, again.apply(k));
            assertSame(first, again, "a lambda that captures nothing is one stateless instance");
        }
        for (int k = 0; k < 4; k++) {
            SerializableCallable<String> c = same(capturingThis(k));
            assertEquals(owner + ":" + k, c.call());
        }
        for (int k = 0; k < 4; k++) { // a method reference bound to a receiver
            String receiver = "r" + k;
            SerializableCallable<Integer> length = receiver::length;
            assertEquals(2, same(length).call());
        }
        for (int k = 0; k < 4; k++) { // captures of every primitive kind, unboxed by the constructor
            assertEquals(k + "|" + (long) k + "|" + (k / 2.0) + "|" + (k > 1) + "|" + (char) ('p' + k) + "|s|[]",
                    same(capturingEveryKind(k, k, k / 2.0, k > 1, (char) ('p' + k), "s", java.util.List.of())).call());
        }
    }

    @Test
    void everyInstanceOfALambdaClassCarriesItsOwnCapturedValues() throws Exception {
        for (int k = 0; k < 5; k++) {
            SerializableCallable<String> c = capturingEveryKind(k, -k * 10_000_000_000L, k / 4.0, k % 2 == 0,
                    (char) ('a' + k), "s" + k, java.util.List.of(k, k + 1));
            String expected = k + "|" + (-k * 10_000_000_000L) + "|" + (k / 4.0) + "|" + (k % 2 == 0) + "|"
                    + (char) ('a' + k) + "|s" + k + "|[" + k + ", " + (k + 1) + "]";
            assertEquals(expected, same(c).call(), "instance " + k);
            assertTrue(LambdaSerializer.readsCapturedFields(c.getClass()), "captured values read from fields");
        }
        // two captures of one type, equal in the instance that sets up the class: later ones keep their order
        assertEquals("7,7", same(pair(7, 7)).call());
        assertEquals("1,2", same(pair(1, 2)).call());
        assertEquals("2,1", same(pair(2, 1)).call());
        assertTrue(LambdaSerializer.readsCapturedFields(pair(0, 0).getClass()), "captured values read from fields");
        Object shared = new java.util.ArrayList<>(java.util.List.of(1));
        SerializableCallable<Boolean> twice = () -> shared == shared;
        assertEquals(Boolean.TRUE, same(twice).call());
    }

    @Test
    void methodReferencesTravel() throws Exception {
        SerializableFunction<String, Integer> parse = Integer::parseInt;
        SerializableBiFunction<Integer, Integer, Integer> max = Math::max;
        SerializableCallable<String> bound = "abc"::toUpperCase;
        assertEquals(42, same(parse).apply("42"));
        assertEquals(5, same(max).apply(2, 5));
        assertEquals("ABC", same(bound).call());
    }

    /** Twelve lambda classes, more than a reader remembers, each decoded many times in a shuffled order. */
    @Test
    void manyLambdaClassesInterleavedEachDecodeToThemselves() {
        List<SerializableFunction<Integer, Integer>> shapes = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            shapes.add(lambdaNumber(k, 100 * k));
        }
        Codec codec = Codec.local();
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            int k = random.nextInt(12);
            byte[] bytes = codec.encode(shapes.get(k));
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Integer> back = (SerializableFunction<Integer, Integer>) codec.decode(bytes, 0, bytes.length);
            assertEquals(expected(k, round), back.apply(round), "lambda " + k + " in round " + round);
        }
        // a lambda of one class with other captured values: the remembered constant part must not carry values
        int a = 5;
        int b = 6;
        SerializableFunction<Integer, Integer> first = x -> x * a;
        assertEquals(15, same(first).apply(3));
        assertEquals(18, same((SerializableFunction<Integer, Integer>) x -> x * b).apply(3));
    }

    private static int expected(int k, int x) {
        return k % 3 == 0 ? x + 100 * k : k % 3 == 1 ? x * 2 + 100 * k : x - 100 * k;
    }

    private static SerializableFunction<Integer, Integer> lambdaNumber(int k, int captured) {
        switch (k) {
            case 0: return x -> x + captured;
            case 1: return x -> x * 2 + captured;
            case 2: return x -> x - captured;
            case 3: return x -> x + captured;
            case 4: return x -> x * 2 + captured;
            case 5: return x -> x - captured;
            case 6: return x -> x + captured;
            case 7: return x -> x * 2 + captured;
            case 8: return x -> x - captured;
            case 9: return x -> x + captured;
            case 10: return x -> x * 2 + captured;
            default: return x -> x - captured;
        }
    }

    @Test
    void lambdaCapturingAnotherLambda() {
        SerializableFunction<Integer, Integer> inner = x -> x + 1;
        SerializableFunction<Integer, Integer> outer = x -> inner.apply(x) * 2;
        assertEquals(8, same(outer).apply(3));
    }

    @Test
    void anonymousClassKeepsCapturedValues() throws Exception {
        int captured = 41;
        List<String> names = List.of("a", "b");
        SerializableCallable<String> anon = new SerializableCallable<>() {
            @Override
            public String call() {
                return names + ":" + (captured + 1);
            }
        };
        assertEquals("[a, b]:42", same(anon).call());
    }

    record Point(int x, String label, List<Integer> tags) {
    }

    enum Color { RED, GREEN }

    static final class NoDefaultConstructor {
        final int a;
        final String b;

        NoDefaultConstructor(int a, String b) {
            this.a = a;
            this.b = b;
        }
    }

    @Test
    void recordsEnumsArraysAndPlainClasses() {
        Point p = new Point(3, "p", List.of(1, 2));
        assertEquals(p, same(p));
        assertEquals(Color.GREEN, same(Color.GREEN));
        assertArrayEquals(new double[] {1.5, -2}, same(new double[] {1.5, -2}));
        assertArrayEquals(new Object[] {42, null, "hello"}, same(new Object[] {42, null, "hello"}));
        NoDefaultConstructor n = same(new NoDefaultConstructor(9, "nine"));
        assertEquals(9, n.a);
        assertEquals("nine", n.b);
    }

    @Test
    void collectionsIncludingJdkPrivateOnes() {
        List<Object> seed = Arrays.asList(42, null, "hello");
        assertEquals(seed, same(seed));
        assertEquals(List.of(1, 2, 3), same(List.of(1, 2, 3)));
        assertEquals(Map.of("k", 1), same(Map.of("k", 1)));
        assertEquals(Set.of("s"), same(Set.of("s")));
        List<Integer> unmodifiable = Collections.unmodifiableList(new ArrayList<>(List.of(5, 6)));
        assertEquals(unmodifiable, same(unmodifiable));
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "1");
        m.put("2", 2);
        m.put(0.25, null);
        assertEquals(m, same(m));
        assertEquals(new TreeMap<>(Map.of("b", 2, "a", 1)), same(new TreeMap<>(Map.of("b", 2, "a", 1))));
        assertEquals(Collections.emptyList(), same(Collections.emptyList()));
    }

    @Test
    void sharedReferencesAndCyclesSurvive() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        List<Object> back = same(cycle);
        assertTrue(back.get(0) == back);
        HashMap<String, int[]> twice = new HashMap<>();
        int[] shared = {1};
        twice.put("a", shared);
        twice.put("b", shared);
        HashMap<String, int[]> copy = same(twice);
        assertTrue(copy.get("a") == copy.get("b"));
        assertNotSame(shared, copy.get("a"));
    }

    static final class CustomFailure extends RuntimeException {
        final int code;

        CustomFailure(String message, int code) {
            super(message);
            this.code = code;
        }
    }

    @Test
    void exceptionsKeepTypeMessageFieldsCauseAndStack() {
        IllegalStateException cause = new IllegalStateException("inner");
        CustomFailure e = new CustomFailure("outer", 7);
        e.initCause(cause);
        CustomFailure back = same(e);
        assertEquals("outer", back.getMessage());
        assertEquals(7, back.code);
        assertInstanceOf(IllegalStateException.class, back.getCause());
        assertEquals("inner", back.getCause().getMessage());
        assertArrayEquals(e.getStackTrace(), back.getStackTrace());
    }

    static final class UnserializableFailure extends RuntimeException {
        final transient Object ok = null;
        final Thread notSerializable = Thread.currentThread();

        UnserializableFailure() {
            super("cannot be java-serialized");
        }
    }

    @Test
    void anExceptionThatCannotBeRebuiltArrivesAsRemoteException() {
        Object back = roundTrip(new UnserializableFailure());
        RemoteException r = assertInstanceOf(RemoteException.class, back);
        assertEquals(UnserializableFailure.class.getName(), r.remoteClassName());
        assertEquals("cannot be java-serialized", r.remoteMessage());
        assertTrue(r.remoteStackTrace().contains("anExceptionThatCannotBeRebuiltArrivesAsRemoteException"), r.remoteStackTrace());
    }

    @Test
    void aCapturedThreadIsRefusedNamingTheClass() {
        Thread t = new Thread(() -> { });
        SerializableRunnable task = () -> t.start();
        EncodingException e = assertThrows(EncodingException.class, () -> Codec.local().encode(task));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(e.getMessage().contains("create them inside the task"), e.getMessage());
    }

    @Test
    void aCapturedSocketIsRefused() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            SerializableRunnable task = () -> System.out.println(socket.getLocalPort());
            EncodingException e = assertThrows(EncodingException.class, () -> Codec.local().encode(task));
            assertTrue(e.getMessage().contains("java.net"), e.getMessage());
        }
    }

    @Test
    void aPlainNonSerializableLambdaIsRefusedWithAHint() {
        Runnable plain = () -> { };
        List<Runnable> holder = List.of(plain);
        EncodingException e = assertThrows(EncodingException.class, () -> Codec.local().encode(holder));
        assertTrue(e.getMessage().contains("SerializableRunnable"), e.getMessage());
    }

    @Test
    void theCodecStaysUsableAfterAFailure() {
        assertThrows(EncodingException.class, () -> Codec.local().encode(List.of(new Thread(() -> { }))));
        assertEquals(List.of(1, 2), same(List.of(1, 2)));
        AtomicInteger a = new AtomicInteger(5);
        assertEquals(5, same(a).get());
    }

    @Test
    void garbageDoesNotDecodeSilently() {
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 1, 2, 3};
        assertThrows(EncodingException.class, () -> Codec.local().decode(junk, 0, junk.length));
    }

    @Test
    void uncheckedIoExceptionKeepsItsCause() {
        UncheckedIOException e = new UncheckedIOException("disk", new IOException("full"));
        UncheckedIOException back = same(e);
        assertEquals("full", back.getCause().getMessage());
    }
}
