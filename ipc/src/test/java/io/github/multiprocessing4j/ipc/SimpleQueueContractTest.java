package io.github.multiprocessing4j.ipc;

import java.util.concurrent.BlockingQueue;

/** The contract against {@link Ipc#simpleQueue()}, which has no bounded form (as Python's SimpleQueue). */
class SimpleQueueContractTest extends SharedQueueContract {
    @Override
    protected BlockingQueue<Object> create(int maxsize) {
        return maxsize == 0 ? Ipc.simpleQueue() : null;
    }
}
