package io.clusterstream.core.head;

/**
 * The serving half of a clustering model: maps one encoder output (a feature vector) to a probability for every
 * cluster. Implementations are immutable and thread-safe.
 */
public interface ClusterHead {

    /** K, the number of clusters. */
    int numClusters();

    /** The length of the feature vectors this head accepts. */
    int featureDim();

    /**
     * Writes p(k | feature) for every cluster into {@code probabilities} (length {@link #numClusters()}) and returns
     * the novelty score of the feature in [0, 1]: how badly it fits the clusters it was assigned among.
     */
    double score(float[] feature, double[] probabilities);
}
