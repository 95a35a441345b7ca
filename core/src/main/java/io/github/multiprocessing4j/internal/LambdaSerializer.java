package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
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
     * lambda class), so a task encodes a lambda with one array copy instead of eight strings, and the
     * fields its captured values are read from.
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
        byte[] constant = shape.encoded;
        Field[] fields = shape.captured;
        if (constant != null && fields != null) {
            // the common case: the captured values straight from the lambda's fields, no writeReplace
            output.writeBytes(constant);
            output.writeVarInt(fields.length, true);
            for (Field f : fields) {
                kryo.writeClassAndObject(output, capturedValue(f, lambda));
            }
            return;
        }
        SerializedLambda s = serializedForm(lambda, shape);
        if (constant == null) {
            constant = encodeConstantPart(s);
            shape.captured = capturedFields(lambda, s);
            shape.encoded = constant; // last: a thread that sees it sees the fields too
        }
        output.writeBytes(constant);
        int n = s.getCapturedArgCount();
        output.writeVarInt(n, true);
        for (int i = 0; i < n; i++) {
            kryo.writeClassAndObject(output, s.getCapturedArg(i));
        }
    }

    /**
     * The lambda class's fields that hold its captured values, in capture order, if they can be read and
     * hold exactly what {@code writeReplace} reported for this instance; else null (writeReplace every
     * time). Why: {@code writeReplace} of a lambda, a hidden class, can only be called through JNI
     * reflection (~400 ns a call here, and a new {@link SerializedLambda} each time); a field read
     * takes ~15 ns.
     */
    private static Field[] capturedFields(Object lambda, SerializedLambda s) {
        try {
            // The JDK names them arg$1..arg$n in capture order; getDeclaredFields promises no order, and
            // two equal values in this instance would not tell a swapped pair apart, so go by the names.
            int n = s.getCapturedArgCount();
            Field[] fields = new Field[n];
            for (Field f : lambda.getClass().getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                int i = f.getName().startsWith("arg$") ? Integer.parseInt(f.getName().substring(4)) - 1 : -1;
                if (i < 0 || i >= n || fields[i] != null) {
                    return null;
                }
                fields[i] = f;
            }
            for (int i = 0; i < n; i++) {
                Field f = fields[i];
                if (f == null) {
                    return null;
                }
                f.setAccessible(true);
                Object value = f.get(lambda);
                Object reported = s.getCapturedArg(i);
                boolean same = f.getType().isPrimitive() ? java.util.Objects.equals(value, reported) : value == reported;
                if (!same) {
                    return null; // not the layout this expects: do not guess
                }
            }
            return fields;
        } catch (ReflectiveOperationException | RuntimeException e) { // NumberFormatException included
            return null; // a module that does not open the lambda's package, say
        }
    }

    /** Whether instances of this lambda class, once one was encoded, have their captured values read from fields. */
    static boolean readsCapturedFields(Class<?> lambdaClass) {
        return SHAPE.get(lambdaClass).captured != null;
    }

    private static Object capturedValue(Field f, Object lambda) {
        try {
            return f.get(lambda);
        } catch (IllegalAccessException e) {
            throw new KryoException("cannot read a captured value of " + lambda.getClass().getName(), e);
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

    /**
     * A lambda class's {@code writeReplace} (null if it is not serializable), its encoded constant part
     * and the fields of its captured values (null if they cannot be read directly).
     */
    private static final class Shape {
        final Method writeReplace;
        /** Set on first use, after {@link #captured}; a race sets equal values. */
        volatile byte[] encoded;
        Field[] captured;

        Shape(Method writeReplace) {
            this.writeReplace = writeReplace;
        }
    }

    /** The constant part of a serialized lambda as read, with the bytes it was read from. */
    private record Decoded(Class<?> capturing, Method deserializer, String fi, String fiMethod, String fiSig, int kind,
                           String implClass, String implMethod, String implSig, String instantiated, byte[] encoded) {
    }
}
