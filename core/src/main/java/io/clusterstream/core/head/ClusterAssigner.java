package io.clusterstream.core.head;

/** Turns a head's probabilities into an assignment: argmax, top-k and the novelty flag. Thread-safe. */
public final class ClusterAssigner {

    private final ClusterHead head;
    private final int topK;
    private final double noveltyThreshold;

    /**
     * @param topK             how many clusters to report, clipped to K
     * @param noveltyThreshold novelty scores strictly above it are flagged novel; 1 or more disables the flag
     */
    public ClusterAssigner(ClusterHead head, int topK, double noveltyThreshold) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        this.head = head;
        this.topK = Math.min(topK, head.numClusters());
        this.noveltyThreshold = noveltyThreshold;
    }

    public ClusterHead head() {
        return head;
    }

    public ClusterAssignmentResult assign(float[] feature) {
        double[] probabilities = new double[head.numClusters()];
        double novelty = head.score(feature, probabilities);
        int[] top = new int[topK];
        double[] topProbabilities = new double[topK];
        // Partial selection: K is small (tens), so k passes over K beat sorting.
        boolean[] taken = new boolean[probabilities.length];
        for (int rank = 0; rank < topK; rank++) {
            int best = -1;
            for (int k = 0; k < probabilities.length; k++) {
                if (!taken[k] && (best < 0 || probabilities[k] > probabilities[best])) {
                    best = k;
                }
            }
            taken[best] = true;
            top[rank] = best;
            topProbabilities[rank] = probabilities[best];
        }
        return new ClusterAssignmentResult(
                top[0], topProbabilities[0], top, topProbabilities, novelty, novelty > noveltyThreshold, probabilities);
    }
}
