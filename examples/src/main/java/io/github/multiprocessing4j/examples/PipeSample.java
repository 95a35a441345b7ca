package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.Connection;
import io.github.multiprocessing4j.ipc.Ipc;
import io.github.multiprocessing4j.ipc.Pipe;
import java.util.Arrays;

/**
 * The seed's pipe snippet: a child process sends a list through one end of a pipe and closes it; the
 * parent receives it at the other end.
 *
 * <pre>
 * def f(conn):
 *     conn.send([42, None, 'hello'])
 *     conn.close()
 *
 * parent_conn, child_conn = Pipe()
 * p = Process(target=f, args=(child_conn,))
 * p.start()
 * print(parent_conn.recv())   # prints "[42, None, 'hello']"
 * p.join()
 * </pre>
 *
 * The parent closes its end at the end, which Python leaves to the garbage collector.
 */
public final class PipeSample {
    private PipeSample() {
    }

    static void f(Connection conn) {
        conn.send(Arrays.asList(42, null, "hello"));
        conn.close();
    }

    public static void main(String[] args) {
        Pipe pipe = Ipc.pipe();
        Connection parentConn = pipe.left();
        Connection childConn = pipe.right();
        JvmProcess p = new JvmProcess(() -> f(childConn));
        p.start();
        System.out.println(parentConn.recv()); // prints "[42, null, hello]"
        p.join();
        parentConn.close();
    }
}
