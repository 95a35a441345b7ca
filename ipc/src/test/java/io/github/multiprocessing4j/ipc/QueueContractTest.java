package io.github.multiprocessing4j.ipc;

import java.util.concurrent.BlockingQueue;

/** The contract against {@link Ipc#queue()} and {@link Ipc#queue(int)}. */
class QueueContractTest extends SharedQueueContract {
    @Override
    protected BlockingQueue<Object> create(int maxsize) {
        return maxsize == 0 ? Ipc.queue() : Ipc.queue(maxsize);
    }
}
