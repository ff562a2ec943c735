package io.clusterstream.core.head;

/**
 * The outcome of assigning one feature vector to a cluster.
 *
 * @param clusterId        the most probable cluster
 * @param confidence       its probability
 * @param topClusters      the k most probable clusters, most probable first
 * @param topProbabilities their probabilities, same order
 * @param noveltyScore     in [0, 1]; see {@link ClusterHead#score}
 * @param novel            noveltyScore above the calibrated threshold
 * @param probabilities    p(k | feature) for every cluster
 */
public record ClusterAssignmentResult(
        int clusterId,
        double confidence,
        int[] topClusters,
        double[] topProbabilities,
        double noveltyScore,
        boolean novel,
        double[] probabilities) {

    /** Shannon entropy of the assignment distribution, in nats. */
    public double entropy() {
        double entropy = 0;
        for (double p : probabilities) {
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }
}
