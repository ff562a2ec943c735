package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;

/** Numerically stable log-sum-exp; the shift by the maximum carries no gradient, which leaves the result exact. */
public final class LogSumExp {

    /** log Σ exp(x) along {@code axis}, which is removed from the shape. */
    public static NDArray along(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }

    private LogSumExp() {}
}
