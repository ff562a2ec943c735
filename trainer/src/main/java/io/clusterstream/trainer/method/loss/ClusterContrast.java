package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;

/**
 * CC's cluster-level loss (shared/algorithms.md §4): NT-Xent over the 2K columns of the two views' soft assignments
 * Y^a, Y^b (cosine, τ = 1.0), plus, per view, log K + Σ_k p_k log p_k with p the column sums over the total, which is
 * zero for balanced clusters and log K for a collapse into one.
 */
public final class ClusterContrast {

    public static final double TEMPERATURE = 1.0;
    private static final float EMPTY = 1e-30f;

    /** @param assignmentsA B x K softmax outputs of view a; {@code assignmentsB} likewise for view b */
    public static NDArray loss(NDArray assignmentsA, NDArray assignmentsB, double temperature) {
        NDArray contrast = NtXent.loss(assignmentsA.transpose(), assignmentsB.transpose(), temperature);
        return contrast.add(balance(assignmentsA)).add(balance(assignmentsB));
    }

    /** log K + Σ_k p_k log p_k, p = column sums / total (the official code's normalisation, not the paper's). */
    public static NDArray balance(NDArray assignments) {
        long k = assignments.getShape().get(1);
        NDArray columns = assignments.sum(new int[] {0});
        NDArray p = columns.div(columns.sum());
        // an empty cluster contributes 0·log 0 = 0, not NaN
        return p.mul(p.maximum(EMPTY).log()).sum().add((float) Math.log(k));
    }

    private ClusterContrast() {}
}
