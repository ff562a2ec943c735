package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * NT-Xent (shared/algorithms.md notation NTX(a, b, τ)): over the 2N rows S = [a; b], s_uv = cos(S_u, S_v)/τ, the loss
 * is the mean over u of lse_{v≠u}(s_uv) − s_{u,pair(u)}. SimCLR's instance loss, CC's instance loss on rows, and CC's
 * cluster loss on the columns of the two views' assignment matrices.
 */
public final class NtXent {

    /** Added to the self-similarity so it drops out of the log-sum-exp without producing inf − inf. */
    private static final float SELF_MASK = -1e9f;
    private static final double NORM_EPSILON = 1e-12;

    /**
     * @param a N x D, one row per item of the first view
     * @param b N x D, the same items in the second view
     */
    public static NDArray loss(NDArray a, NDArray b, double temperature) {
        if (!a.getShape().equals(b.getShape()) || a.getShape().dimension() != 2) {
            throw new IllegalArgumentException("NT-Xent needs two N x D arrays of one shape, got " + a.getShape() + " and " + b.getShape());
        }
        int n = Math.toIntExact(a.getShape().get(0));
        NDArray rows = a.concat(b, 0).normalize(2, 1, NORM_EPSILON);
        NDArray similarity = rows.matMul(rows.transpose()).div((float) temperature);
        NDManager manager = a.getManager();
        NDArray logits = similarity.add(manager.eye(2 * n).mul(SELF_MASK).toType(similarity.getDataType(), false));
        NDArray positives = similarity.mul(pairMask(manager, n).toType(similarity.getDataType(), false)).sum(new int[] {1});
        return LogSumExp.along(logits, 1).sub(positives).mean();
    }

    /** 2N x 2N with a one at (u, u ± N). */
    private static NDArray pairMask(NDManager manager, int n) {
        float[] mask = new float[4 * n * n];
        for (int u = 0; u < 2 * n; u++) {
            mask[u * 2 * n + (u + n) % (2 * n)] = 1f;
        }
        return manager.create(mask, new Shape(2L * n, 2L * n));
    }

    private NtXent() {}
}
