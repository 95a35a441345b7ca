package io.github.multiprocessing4j.ipc.internal.manager;

import io.github.multiprocessing4j.MultiprocessingException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * Forwards the calls of a {@link java.lang.reflect.Proxy} of a registered type's interface to its
 * object on the server. {@code equals} and {@code hashCode} are those of the remote identity (same
 * server, same object); {@code toString} is forwarded.
 */
@com.esotericsoftware.kryo.DefaultSerializer(ProxySerializer.class)
final class RegisteredHandler implements InvocationHandler, Proxied {
    private final ProxyHandle handle;

    RegisteredHandler(ProxyHandle handle) {
        this.handle = handle;
    }

    @Override
    public ProxyHandle handle() {
        return handle;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return args[0] != null && java.lang.reflect.Proxy.isProxyClass(args[0].getClass())
                            && java.lang.reflect.Proxy.getInvocationHandler(args[0]) instanceof Proxied p
                            && handle.sameObject(p.handle());
                case "hashCode":
                    return Long.hashCode(handle.token.objectId());
                default:
                    return handle.token.api() + "Proxy[" + handle + "]";
            }
        }
        try {
            return handle.callChecked(handle.table().indexOf(method), args == null ? new Object[0] : args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            for (Class<?> declared : method.getExceptionTypes()) {
                if (declared.isInstance(e)) {
                    throw e;
                }
            }
            throw new MultiprocessingException(method.getName() + " failed on the manager: " + e, e);
        }
    }
}
