package io.clusterstream.trainer.method.loss;

/**
 * MiCE's fixed gating prototypes ω (shared/algorithms.md §1, the official {@code craft_MMcenters.m}): L unit vectors
 * in R^D with pairwise dot product −1/(L−1), built row by row so each new centre satisfies the dot-product constraint
 * against all earlier ones and is completed to unit length in its own coordinate.
 */
public final class MaxMahalanobisCentres {

    /** @return L x D row-major; needs L ≥ 2 and D ≥ L (the repository ships D = 128, L = 10/15/20) */
    public static double[] of(int count, int dim) {
        if (count < 2 || dim < count) {
            throw new IllegalArgumentException("Max-Mahalanobis centres need 2 <= L <= D, got L=" + count + ", D=" + dim);
        }
        double[][] mu = new double[count][dim];
        mu[0][0] = 1;
        for (int k = 1; k < count; k++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < j; i++) {
                    dot += mu[k][i] * mu[j][i];
                }
                mu[k][j] = -(1.0 / (count - 1) + dot) / mu[j][j];
            }
            double squared = 0;
            for (int i = 0; i < k; i++) {
                squared += mu[k][i] * mu[k][i];
            }
            mu[k][k] = Math.sqrt(Math.abs(1 - squared));
        }
        double[] flat = new double[count * dim];
        for (int k = 0; k < count; k++) {
            System.arraycopy(mu[k], 0, flat, k * dim, dim);
        }
        return flat;
    }

    /** {@link #of} as floats, for an NDArray or a serving head. */
    public static float[] asFloats(int count, int dim) {
        double[] centres = of(count, dim);
        float[] floats = new float[centres.length];
        for (int i = 0; i < centres.length; i++) {
            floats[i] = (float) centres[i];
        }
        return floats;
    }

    private MaxMahalanobisCentres() {}
}
