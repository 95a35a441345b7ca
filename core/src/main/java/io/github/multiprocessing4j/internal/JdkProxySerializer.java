package io.github.multiprocessing4j.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Encodes a JDK dynamic proxy ({@link Proxy#newProxyInstance}) as its interface names and its
 * invocation handler, and rebuilds it on the other side. Kryo files every proxy class under
 * {@link InvocationHandler}'s registration, because the generated class ({@code jdk.proxy1.$Proxy12})
 * does not exist in another JVM; without this serializer nothing could be written there. The handler
 * must be encodable itself (the manager's proxies of registered types are such proxies).
 */
final class JdkProxySerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object proxy) {
        Class<?>[] interfaces = proxy.getClass().getInterfaces();
        output.writeVarInt(interfaces.length, true);
        for (Class<?> i : interfaces) {
            output.writeString(i.getName());
        }
        kryo.writeClassAndObject(output, Proxy.getInvocationHandler(proxy));
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
        int n = input.readVarInt(true);
        Class<?>[] interfaces = new Class<?>[n];
        for (int i = 0; i < n; i++) {
            String name = input.readString();
            try {
                interfaces[i] = Class.forName(name, false, kryo.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new KryoException("the interface " + name + " of a dynamic proxy is missing here", e);
            }
        }
        InvocationHandler handler = (InvocationHandler) kryo.readClassAndObject(input);
        ClassLoader loader = n > 0 && interfaces[0].getClassLoader() != null ? interfaces[0].getClassLoader()
                : kryo.getClassLoader();
        return Proxy.newProxyInstance(loader, interfaces, handler);
    }

    @Override
    public Object copy(Kryo kryo, Object original) {
        return original;
    }
}
