package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes serializable lambdas and method references as their {@link SerializedLambda} form.
 *
 * <p>Kryo's own {@code ClosureSerializer} calls {@code SerializedLambda.readResolve}, which needs
 * {@code --add-opens java.base/java.lang.invoke} in every JVM. This one calls the capturing class's
 * own {@code $deserializeLambda$} instead: that method lives in user code, so no JDK module has to be
 * opened, and the compiler has already checked that it may rebuild exactly this lambda.
 */
final class LambdaSerializer extends Serializer<Object> {
    /**
     * Per lambda class: its {@code writeReplace}, and once known the encoded constant part of its
     * serialized form (everything but the captured values: they are the same for every instance of one
     * lambda class), so a task encodes a lambda with one array copy instead of eight strings.
     */
    private static final ClassValue<Shape> SHAPE = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return new Shape(m);
            } catch (NoSuchMethodException e) {
                return new Shape(null);
            }
        }
    };
    private static final ConcurrentHashMap<Class<?>, Method> DESERIALIZE = new ConcurrentHashMap<>();
    /** Capturing classes by name: Class.forName per lambda costs more than the rest of decoding it. */
    private static final ConcurrentHashMap<String, Class<?>> CAPTURING = new ConcurrentHashMap<>();
    /** How many decoded forms a reader remembers (one serializer per Kryo, so per thread). */
    private static final int READ_CACHE = 8;

    /** Recently decoded constant parts, newest first: a match skips decoding eight strings. */
    private final Decoded[] recent = new Decoded[READ_CACHE];

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        Shape shape = SHAPE.get(lambda.getClass());
        SerializedLambda s = serializedForm(lambda, shape);
        byte[] constant = shape.encoded;
        if (constant == null) {
            constant = encodeConstantPart(s);
            shape.encoded = constant;
        }
        output.writeBytes(constant);
        int n = s.getCapturedArgCount();
        output.writeVarInt(n, true);
        for (int i = 0; i < n; i++) {
            kryo.writeClassAndObject(output, s.getCapturedArg(i));
        }
    }

    private static byte[] encodeConstantPart(SerializedLambda s) {
        Output out = new Output(256, -1);
        out.writeString(s.getCapturingClass().replace('/', '.'));
        out.writeString(s.getFunctionalInterfaceClass());
        out.writeString(s.getFunctionalInterfaceMethodName());
        out.writeString(s.getFunctionalInterfaceMethodSignature());
        out.writeVarInt(s.getImplMethodKind(), true);
        out.writeString(s.getImplClass());
        out.writeString(s.getImplMethodName());
        out.writeString(s.getImplMethodSignature());
        out.writeString(s.getInstantiatedMethodType());
        return out.toBytes();
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
        Decoded d = cached(input, kryo.getClassLoader());
        if (d == null) {
            d = decodeConstantPart(kryo, input);
        }
        int n = input.readVarInt(true);
        Object[] captured = new Object[n];
        for (int i = 0; i < n; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        SerializedLambda s = new SerializedLambda(d.capturing, d.fi, d.fiMethod, d.fiSig, d.kind, d.implClass,
                d.implMethod, d.implSig, d.instantiated, captured);
        try {
            return d.deserializer.invoke(null, s);
        } catch (IllegalAccessException e) {
            throw new KryoException("cannot rebuild lambda " + d.implClass + "." + d.implMethod + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            throw new KryoException("cannot rebuild lambda " + d.implClass + "." + d.implMethod
                    + " (was the class compiled differently on the other side?): " + e.getCause(), e.getCause());
        }
    }

    /**
     * The remembered form whose bytes come next in the input, consumed; or null. A match of the whole
     * encoding is a match of the eight strings, since each string's encoding ends itself.
     */
    private Decoded cached(Input input, ClassLoader loader) {
        byte[] buffer = input.getBuffer();
        int at = input.position();
        int available = input.limit() - at;
        for (int i = 0; i < READ_CACHE; i++) {
            Decoded d = recent[i];
            if (d == null) {
                return null;
            }
            int len = d.encoded.length;
            if (len <= available && d.capturing.getClassLoader() == loader
                    && Arrays.equals(buffer, at, at + len, d.encoded, 0, len)) {
                input.setPosition(at + len);
                if (i > 0) { // move to the front
                    System.arraycopy(recent, 0, recent, 1, i);
                    recent[0] = d;
                }
                return d;
            }
        }
        return null;
    }

    private Decoded decodeConstantPart(Kryo kryo, Input input) {
        boolean inMemory = input.getInputStream() == null;
        int start = input.position();
        String capturingName = input.readString();
        Class<?> capturing = CAPTURING.get(capturingName);
        if (capturing == null || capturing.getClassLoader() != kryo.getClassLoader()) {
            try {
                capturing = Class.forName(capturingName, false, kryo.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new KryoException("the class that defines a lambda is missing here: " + capturingName, e);
            }
            CAPTURING.put(capturingName, capturing);
        }
        Decoded d = new Decoded(capturing, deserializer(capturing), input.readString(), input.readString(),
                input.readString(), input.readVarInt(true), input.readString(), input.readString(),
                input.readString(), input.readString(),
                inMemory ? Arrays.copyOfRange(input.getBuffer(), start, input.position()) : null);
        if (d.encoded != null) { // a stream-backed input may have refilled its buffer: nothing to remember
            System.arraycopy(recent, 0, recent, 1, READ_CACHE - 1);
            recent[0] = d;
        }
        return d;
    }

    @Override
    public Object copy(Kryo kryo, Object original) {
        return original;
    }

    private static SerializedLambda serializedForm(Object lambda, Shape shape) {
        Method m = shape.writeReplace;
        if (m == null) {
            throw new KryoException(lambda.getClass().getName().replaceAll("/0x.*", "")
                    + " is a lambda that is not Serializable: declare the parameter or variable as"
                    + " SerializableRunnable, SerializableCallable, SerializableFunction or"
                    + " SerializableBiFunction (or cast: (Runnable & Serializable) () -> ...)");
        }
        try {
            return (SerializedLambda) m.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            throw new KryoException("cannot take the serialized form of " + lambda.getClass().getName(), e);
        }
    }

    private static Method deserializer(Class<?> capturing) {
        return DESERIALIZE.computeIfAbsent(capturing, c -> {
            try {
                Method m = c.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                throw new KryoException(c.getName() + " has no serializable lambdas (no $deserializeLambda$)", e);
            }
        });
    }

    /** A lambda class's {@code writeReplace} (null if it is not serializable) and its encoded constant part. */
    private static final class Shape {
        final Method writeReplace;
        /** Set on first use; a race sets equal arrays. */
        volatile byte[] encoded;

        Shape(Method writeReplace) {
            this.writeReplace = writeReplace;
        }
    }

    /** The constant part of a serialized lambda as read, with the bytes it was read from. */
    private record Decoded(Class<?> capturing, Method deserializer, String fi, String fiMethod, String fiSig, int kind,
                           String implClass, String implMethod, String implSig, String instantiated, byte[] encoded) {
    }
}
