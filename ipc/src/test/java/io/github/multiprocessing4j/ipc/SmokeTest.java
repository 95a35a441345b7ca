package io.github.multiprocessing4j.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.multiprocessing4j.JvmProcess;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void childPutsParentTakes() throws Exception {
        SharedQueue<Object> q = Ipc.queue();
        JvmProcess p = new JvmProcess(() -> {
            try {
                q.put(Arrays.asList(42, null, "hello"));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }).start();
        assertEquals("[42, null, hello]", String.valueOf(q.take()));
        p.join();
        q.close();
    }

    @Test
    void pipe() throws Exception {
        Pipe pipe = Ipc.pipe();
        Connection child = pipe.right();
        JvmProcess p = new JvmProcess(() -> {
            try {
                child.send(Arrays.asList(42, null, "hello"));
                child.close();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }).start();
        assertEquals("[42, null, hello]", String.valueOf(pipe.left().recv()));
        p.join();
        pipe.left().close();
        pipe.right().close();
    }
}
