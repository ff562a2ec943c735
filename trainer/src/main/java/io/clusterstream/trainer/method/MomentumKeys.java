package io.clusterstream.trainer.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.clusterstream.trainer.nn.RunningStatistics;

/** The MoCo machinery MiCE and TCC share: an EMA teacher of the student's parameters and a FIFO queue of its keys. */
public final class MomentumKeys {

    /** teacher ← m·teacher + (1 − m)·student, parameters only (batch-norm running statistics are left alone). */
    public static void updateTeacher(Block student, Block teacher, double momentum) {
        var from = student.getParameters();
        var to = teacher.getParameters();
        for (int i = 0; i < from.size(); i++) {
            Pair<String, Parameter> s = from.get(i);
            if (RunningStatistics.is(s.getValue())) {
                continue;
            }
            to.get(i).getValue().getArray().muli((float) momentum).addi(s.getValue().getArray().mul((float) (1 - momentum)));
        }
    }

    /**
     * Writes keys into the queue rows pointer … pointer+B−1 (mod the queue's first dimension), oldest first
     * overwritten; returns the advanced pointer.
     */
    public static long enqueue(NDArray queue, long pointer, NDArray keys) {
        long size = queue.getShape().get(0);
        long batch = keys.getShape().get(0);
        long written = 0;
        while (written < batch) {
            long start = pointer % size;
            long count = Math.min(batch - written, size - start);
            queue.set(new NDIndex("{}:{}", start, start + count), keys.get(new NDIndex("{}:{}", written, written + count)));
            written += count;
            pointer += count;
        }
        return pointer;
    }

    private MomentumKeys() {}
}
