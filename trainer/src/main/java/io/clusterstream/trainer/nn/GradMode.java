package io.clusterstream.trainer.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off on the current thread until closed. PyTorch's grad mode is per thread and
 * on by default, while DJL only switches it on inside a {@code GradientCollector} and restores the previous mode on
 * close; on a thread that never had it switched off, in-place updates of parameters outside the collector (optimiser
 * steps, EMA teachers, prototype updates, loading weights) fail with "a leaf Variable that requires grad is being
 * used in an in-place operation". Every fit therefore runs inside one of these.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /** Recording off from now until {@link #close()}, which restores the thread's previous mode. */
    public static GradMode off() {
        return new GradMode();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
