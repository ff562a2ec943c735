package io.clusterstream.core.head;

import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;

/**
 * p(k | f) = softmax_k(sim(f, c_k) / T) over K prototypes c_k: nearest-centroid serving for SimCLR+k-means and
 * MIX'EM, and MiCE's stateless gating form. With cosine similarity the novelty score is half the cosine distance
 * to the nearest prototype, (1 - max_k cos(f, c_k)) / 2, so it lies in [0, 1]; with a dot product it is
 * 1 - max_k p(k | f).
 */
public final class PrototypeClusterHead implements ClusterHead {

    private final int numClusters;
    private final int dim;
    private final float[] prototypes;
    private final double temperature;
    private final boolean cosine;

    /**
     * @param prototypes K x D row-major; copied (and L2-normalised for cosine similarity)
     */
    public PrototypeClusterHead(int numClusters, int dim, float[] prototypes, double temperature, Similarity similarity) {
        if (numClusters < 1 || dim < 1) {
            throw new IllegalArgumentException("need at least one cluster and one dimension, got K=" + numClusters + ", D=" + dim);
        }
        if (prototypes.length != (long) numClusters * dim) {
            throw new IllegalArgumentException(
                    "prototypes must hold K*D = " + (long) numClusters * dim + " values, got " + prototypes.length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        this.numClusters = numClusters;
        this.dim = dim;
        this.temperature = temperature;
        this.cosine = similarity == Similarity.SIMILARITY_COSINE;
        this.prototypes = prototypes.clone();
        for (float v : this.prototypes) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("prototypes must be finite");
            }
        }
        if (cosine) {
            for (int k = 0; k < numClusters; k++) {
                Vectors.normalizeInPlace(this.prototypes, k * dim, dim);
            }
        }
    }

    public static PrototypeClusterHead of(PrototypeHead head, int numClusters, int dim) {
        return new PrototypeClusterHead(numClusters, dim, Vectors.floats(head.getPrototypesList()), head.getTemperature(),
                head.getSimilarity());
    }

    @Override
    public int numClusters() {
        return numClusters;
    }

    @Override
    public int featureDim() {
        return dim;
    }

    @Override
    public double score(float[] feature, double[] probabilities) {
        Vectors.checkLength(feature, dim);
        double norm = cosine ? Vectors.norm(feature, 0, dim) : 1.0;
        double maxSimilarity = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < numClusters; k++) {
            double similarity = Vectors.dot(feature, prototypes, k * dim, dim);
            if (cosine) {
                similarity = norm == 0 ? 0 : similarity / norm;
            }
            maxSimilarity = Math.max(maxSimilarity, similarity);
            probabilities[k] = similarity / temperature;
        }
        Softmax.inPlace(probabilities);
        if (cosine) {
            return Math.min(1, Math.max(0, (1 - maxSimilarity) / 2));
        }
        double maxProbability = 0;
        for (double p : probabilities) {
            maxProbability = Math.max(maxProbability, p);
        }
        return 1 - maxProbability;
    }
}
