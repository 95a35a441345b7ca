package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.JvmProcess;
import io.github.multiprocessing4j.ipc.DictProxy;
import io.github.multiprocessing4j.ipc.Manager;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A remote manager, as in Python's "Using a remote manager" recipe: a server that hosts a queue on
 * {@code 127.0.0.1}, and a second JVM that knows only the address and the authkey.
 *
 * <pre>
 * queue = Queue()
 * class QueueManager(BaseManager): pass
 * QueueManager.register('get_queue', callable=lambda: queue)
 * m = QueueManager(address=('127.0.0.1', 50000), authkey=b'abracadabra')
 *
 * # in another process, maybe on another machine:
 * m = QueueManager(address=('127.0.0.1', 50000), authkey=b'abracadabra'); m.connect()
 * m.get_queue().put('hello')
 * </pre>
 *
 * Here the client JVM also makes a dict on the server and sends its proxy through the queue: the server
 * JVM's owner receives a proxy to the very same dict, not a copy.
 */
public final class RemoteManagerSample {
    /** Lives in the server JVM: every {@code get_queue} returns this one queue. */
    private static final BlockingQueue<Object> QUEUE = new LinkedBlockingQueue<>();

    private RemoteManagerSample() {
    }

    static BlockingQueue<Object> queue() {
        return QUEUE;
    }

    /** The other side: it only knows the address and the key. */
    static void client(InetSocketAddress address, byte[] authkey) throws InterruptedException {
        try (Manager m = Manager.connect(address, authkey)) {
            @SuppressWarnings("unchecked")
            BlockingQueue<Object> q = m.create("get_queue", BlockingQueue.class);
            q.put("hello");
            DictProxy<String, Integer> d = m.dict();
            d.put("x", 1);
            d.put("y", 2);
            q.put(d);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        byte[] authkey = "abracadabra".getBytes(StandardCharsets.UTF_8);
        try (Manager manager = Manager.builder()
                .register("get_queue", RemoteManagerSample::queue, BlockingQueue.class)
                .address(new InetSocketAddress("127.0.0.1", 0), authkey) // port 0: any free port
                .start()) {
            InetSocketAddress address = manager.address();

            JvmProcess other = new JvmProcess(() -> {
                try {
                    client(address, authkey);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();

            @SuppressWarnings("unchecked")
            BlockingQueue<Object> q = manager.create("get_queue", BlockingQueue.class);
            System.out.println(q.take());
            @SuppressWarnings("unchecked")
            DictProxy<String, Integer> d = (DictProxy<String, Integer>) q.take();
            other.join();
            d.merge("x", 10, Integer::sum);
            System.out.println(d);
        }
    }
}
