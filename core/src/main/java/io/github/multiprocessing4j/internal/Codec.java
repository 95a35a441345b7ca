package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.minlog.Log;
import io.github.multiprocessing4j.EncodingException;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The one Kryo configuration both sides of every channel use. Kryo is not thread-safe, so each thread
 * gets its own instance and buffers; call from any thread.
 *
 * <p>What it adds to a stock Kryo, and why:
 * <ul>
 *   <li>lambdas and method references are encoded without {@code --add-opens}
 *       ({@link LambdaSerializer});</li>
 *   <li>synthetic fields are kept, so an anonymous class keeps its captured values;</li>
 *   <li>classes without a no-arg constructor are created through Objenesis;</li>
 *   <li>private JDK classes ({@code Arrays.asList}, {@code Collections.unmodifiableList}) and every
 *       {@link Throwable} go through Java serialization, which needs no access to JDK internals;</li>
 *   <li>MinLog, which Kryo uses and which prints to stdout, is silenced: a worker's stdout is the
 *       user's.</li>
 * </ul>
 */
public final class Codec {
    /** The system property with which Kryo's own code leaves {@code sun.misc.Unsafe} alone. */
    static final String KRYO_UNSAFE_PROPERTY = "kryo.unsafe";

    static {
        quietKryoUnsafe(); // before any Kryo class that reads the property is initialised
        Log.set(Log.LEVEL_NONE);
    }

    /**
     * From JDK 24 the JVM prints four lines of "a terminally deprecated method in sun.misc.Unsafe has been
     * called" (JEP 471/498) the first time Kryo's {@code UnsafeUtil} runs, in the parent and again in every
     * child JVM, on the user's stderr. Kryo does without Unsafe when the property is {@code false}: its
     * field serializer then reads fields through reflection. A value the user set, {@code -Dkryo.unsafe=true}
     * say, is left as it is.
     */
    static void quietKryoUnsafe() {
        if (Runtime.version().feature() >= 24 && System.getProperty(KRYO_UNSAFE_PROPERTY) == null) {
            System.setProperty(KRYO_UNSAFE_PROPERTY, "false");
        }
    }

    private static final int INITIAL_BUFFER = 4096;
    /** The largest encoding buffer a thread keeps between values. */
    static final int KEEP_BUFFER = 8 << 20;
    private static final ThreadLocal<Codec> LOCAL = ThreadLocal.withInitial(Codec::new);

    private final Kryo kryo = newKryo();
    private final Output output = new Output(INITIAL_BUFFER, -1);
    private final Input input = new Input();

    private Codec() {
    }

    /** The calling thread's codec. Never share it with another thread. */
    public static Codec local() {
        return LOCAL.get();
    }

    /** Encodes {@code value} (with its class) to a new array. */
    public byte[] encode(Object value) {
        output.reset();
        try {
            writeTo(output, value);
            return output.toBytes();
        } finally {
            if (output.getBuffer().length > KEEP_BUFFER) {
                // a thread that once encoded a big value (a map's 200 MB chunk, say) must not keep a
                // buffer that size for the rest of its life
                output.setBuffer(new byte[INITIAL_BUFFER], -1);
            }
        }
    }

    /** The capacity of this thread's encoding buffer, for tests. */
    int bufferCapacity() {
        return output.getBuffer().length;
    }

    /**
     * Encodes {@code value} (with its class) into {@code out}. On failure the output holds a partial
     * value; the caller must discard what was written since it started.
     *
     * @throws EncodingException naming the class that could not be encoded and where it was reached
     */
    public void writeTo(Output out, Object value) {
        try {
            kryo.writeClassAndObject(out, value);
        } catch (KryoException | IllegalArgumentException | UnsupportedOperationException
                 | IllegalStateException | SecurityException e) {
            throw encodingFailure(value, e);
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException")) {
                throw encodingFailure(value, e);
            }
            throw e;
        } finally {
            kryo.reset();
        }
    }

    /** Decodes one value written by {@link #writeTo} or {@link #encode}. */
    public Object decode(byte[] bytes, int offset, int length) {
        input.setBuffer(bytes, offset, length);
        try {
            return kryo.readClassAndObject(input);
        } catch (KryoException | IllegalArgumentException | IllegalStateException e) {
            throw new EncodingException("cannot decode a value of " + length + " bytes: " + rootMessage(e)
                    + " (is the class on the worker's class path, and the same version on both sides?)", e);
        } finally {
            kryo.reset();
            input.setBuffer(EMPTY);
        }
    }

    /** Decodes one value from {@code in}, which must be positioned at its start. */
    public Object readFrom(Input in) {
        try {
            return kryo.readClassAndObject(in);
        } catch (KryoException | IllegalArgumentException | IllegalStateException e) {
            throw new EncodingException("cannot decode a value: " + rootMessage(e)
                    + " (is the class on the worker's class path, and the same version on both sides?)", e);
        } finally {
            kryo.reset();
        }
    }

    /** A deep copy through the codec: what the other JVM would see. */
    public Object roundTrip(Object value) {
        byte[] bytes = encode(value);
        return decode(bytes, 0, bytes.length);
    }

    private static final byte[] EMPTY = new byte[0];

    private static EncodingException encodingFailure(Object value, Exception e) {
        String offending = offendingClass(e);
        String what = value == null ? "null" : value.getClass().getName();
        StringBuilder msg = new StringBuilder("cannot encode ").append(describe(what));
        if (offending != null && !offending.equals(what)) {
            msg.append(": it holds a ").append(offending).append(" that cannot be encoded");
        }
        msg.append(" (").append(rootMessage(e)).append(')');
        String trace = traceOf(e);
        if (trace != null) {
            msg.append("; reached through ").append(trace);
        }
        msg.append(". Objects that hold JVM-local resources (threads, sockets, streams, class loaders) or"
                + " private JDK state cannot travel to another process: create them inside the task, or"
                + " capture only the plain data needed to rebuild them.");
        return new EncodingException(msg.toString(), e);
    }

    private static String describe(String className) {
        return className.contains("$$Lambda") ? "a lambda (" + className.replaceAll("/0x.*", "") + ")" : className;
    }

    /** The class named by the innermost "Serialization trace" entry or by an inaccessible-field message. */
    private static String offendingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            int i = m.indexOf(" accessible: module ");
            if (i >= 0 && m.startsWith("Unable to make field ")) {
                String[] words = m.substring(0, i).split(" ");
                String field = words[words.length - 1];
                int dot = field.lastIndexOf('.');
                return dot > 0 ? field.substring(0, dot) : field;
            }
            int s = m.indexOf("Class is not registered: ");
            if (s >= 0) {
                return m.substring(s + 25).split("\\s")[0];
            }
        }
        return null;
    }

    private static String traceOf(Throwable e) {
        if (e instanceof KryoException) {
            String m = e.getMessage();
            int i = m == null ? -1 : m.indexOf("Serialization trace:");
            if (i >= 0) {
                return m.substring(i + "Serialization trace:".length()).trim().replace('\n', ' ').replaceAll("\\s+", " <- ");
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m != null) {
            int i = m.indexOf("\nSerialization trace:");
            if (i >= 0) {
                m = m.substring(0, i);
            }
        }
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static Kryo newKryo() {
        Kryo kryo = new Kryo() {
            @Override
            protected Serializer<?> newDefaultSerializer(Class type) {
                if (Throwable.class.isAssignableFrom(type)) {
                    return new ThrowableSerializer();
                }
                if (isJdkSerializable(type)) {
                    return new JavaSerializer(); // JDK fields are closed to reflection since Java 16
                }
                return super.newDefaultSerializer(type);
            }

            @Override
            public Serializer<?> getDefaultSerializer(Class type) {
                // Kryo's default Collection/Map serializers rebuild through add()/put(), which the
                // JDK's private wrappers (Arrays.asList, unmodifiable views) refuse.
                if (isPrivateJdkSerializable(type) && !type.getName().startsWith("java.util.ImmutableCollections")) {
                    return new JavaSerializer();
                }
                if (Throwable.class.isAssignableFrom(type)) {
                    return new ThrowableSerializer();
                }
                return super.getDefaultSerializer(type);
            }
        };
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setAutoReset(false); // every Codec entry point resets in its finally: once per value, not twice
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        FieldSerializer.FieldSerializerConfig fields = new FieldSerializer.FieldSerializerConfig();
        fields.setIgnoreSyntheticFields(false);
        kryo.setDefaultSerializer(new com.esotericsoftware.kryo.SerializerFactory.FieldSerializerFactory(fields));
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer());
        kryo.register(Task.class, new Task.Serializer());
        kryo.register(Task.FnId.class);
        kryo.register(Object[].class, new ObjectArraySerializer());
        PrimitiveArraySerializers.register(kryo);
        // Kryo files every JDK dynamic proxy class under InvocationHandler (the generated class does not
        // exist in the other JVM): without this, a java.lang.reflect.Proxy could not travel at all.
        kryo.register(java.lang.reflect.InvocationHandler.class, new JdkProxySerializer());
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        return kryo;
    }

    private static boolean isPrivateJdkSerializable(Class<?> type) {
        return isJdkSerializable(type) && !Modifier.isPublic(type.getModifiers());
    }

    private static boolean isJdkSerializable(Class<?> type) {
        String name = type.getName();
        return (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("sun.")
                || name.startsWith("jdk."))
                && Serializable.class.isAssignableFrom(type);
    }
}
