package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };
    private static final ConcurrentHashMap<Class<?>, Method> DESERIALIZE = new ConcurrentHashMap<>();
    /** Capturing classes by name: Class.forName per lambda costs more than the rest of decoding it. */
    private static final ConcurrentHashMap<String, Class<?>> CAPTURING = new ConcurrentHashMap<>();

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda s = serializedForm(lambda);
        output.writeString(s.getCapturingClass().replace('/', '.'));
        output.writeString(s.getFunctionalInterfaceClass());
        output.writeString(s.getFunctionalInterfaceMethodName());
        output.writeString(s.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(s.getImplMethodKind(), true);
        output.writeString(s.getImplClass());
        output.writeString(s.getImplMethodName());
        output.writeString(s.getImplMethodSignature());
        output.writeString(s.getInstantiatedMethodType());
        int n = s.getCapturedArgCount();
        output.writeVarInt(n, true);
        for (int i = 0; i < n; i++) {
            kryo.writeClassAndObject(output, s.getCapturedArg(i));
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
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
        String fi = input.readString();
        String fiMethod = input.readString();
        String fiSig = input.readString();
        int kind = input.readVarInt(true);
        String implClass = input.readString();
        String implMethod = input.readString();
        String implSig = input.readString();
        String instantiated = input.readString();
        int n = input.readVarInt(true);
        Object[] captured = new Object[n];
        for (int i = 0; i < n; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        SerializedLambda s = new SerializedLambda(capturing, fi, fiMethod, fiSig, kind, implClass, implMethod,
                implSig, instantiated, captured);
        try {
            return deserializer(capturing).invoke(null, s);
        } catch (IllegalAccessException e) {
            throw new KryoException("cannot rebuild lambda " + implClass + "." + implMethod + ": " + e.getMessage(), e);
        } catch (InvocationTargetException e) {
            throw new KryoException("cannot rebuild lambda " + implClass + "." + implMethod
                    + " (was the class compiled differently on the other side?): " + e.getCause(), e.getCause());
        }
    }

    @Override
    public Object copy(Kryo kryo, Object original) {
        return original;
    }

    private static SerializedLambda serializedForm(Object lambda) {
        Method m = WRITE_REPLACE.get(lambda.getClass());
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
}
