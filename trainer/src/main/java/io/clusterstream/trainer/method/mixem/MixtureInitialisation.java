package io.clusterstream.trainer.method.mixem;

/**
 * MIX'EM's k-means initialisation: centre c is the mean of the rows whose gate argmax is c. A component no row chose
 * has no mean; it takes the row farthest (Euclidean) from its nearest centre chosen so far, components in index
 * order: deterministic, and like one greedy k-means++ step.
 */
final class MixtureInitialisation {

    /** k x dim centres from {@code rows} (n x dim, row-major) and each row's gate argmax in [0, k). */
    static float[] centres(float[] rows, int n, int dim, int[] gateLabels, int k) {
        if (gateLabels.length != n || rows.length != (long) n * dim) {
            throw new IllegalArgumentException("need n gate labels and n*dim values for n = " + n);
        }
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = gateLabels[i];
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("gate label " + c + " is outside [0, " + k + ")");
            }
            counts[c]++;
            for (int j = 0; j < dim; j++) {
                sums[c * dim + j] += rows[i * dim + j];
            }
        }
        float[] centres = new float[k * dim];
        boolean[] chosen = new boolean[k];
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                chosen[c] = true;
                for (int j = 0; j < dim; j++) {
                    centres[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
                }
            }
        }
        for (int c = 0; c < k; c++) {
            if (!chosen[c]) {
                int far = farthestRow(rows, n, dim, centres, chosen);
                System.arraycopy(rows, far * dim, centres, c * dim, dim);
                chosen[c] = true;
            }
        }
        return centres;
    }

    private static int farthestRow(float[] rows, int n, int dim, float[] centres, boolean[] chosen) {
        int far = 0;
        double farthest = -1;
        for (int i = 0; i < n; i++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < chosen.length; c++) {
                if (chosen[c]) {
                    double d = 0;
                    for (int j = 0; j < dim; j++) {
                        double diff = rows[i * dim + j] - centres[c * dim + j];
                        d += diff * diff;
                    }
                    nearest = Math.min(nearest, d);
                }
            }
            if (nearest > farthest) {
                farthest = nearest;
                far = i;
            }
        }
        return far;
    }

    private MixtureInitialisation() {}
}
