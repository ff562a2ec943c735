package io.clusterstream.core.metrics;

import io.clusterstream.core.assignment.LinearAssignment;

/**
 * ACC, NMI and ARI of a clustering against ground-truth classes, as defined in shared/algorithms.md §7 and
 * matching scikit-learn's {@code normalized_mutual_info_score} (arithmetic mean) and {@code adjusted_rand_score},
 * including their special cases. Logarithms are natural.
 */
public final class ClusteringMetrics {

    private ClusteringMetrics() {
    }

    /**
     * Scores {@code predicted} clusters against {@code truth} classes.
     *
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a label is negative
     */
    public static ClusteringScores evaluate(int[] truth, int[] predicted) {
        return evaluate(ContingencyTable.of(truth, predicted));
    }

    /** Scores a clustering given its contingency table. */
    public static ClusteringScores evaluate(ContingencyTable table) {
        return new ClusteringScores(
                accuracy(table), normalizedMutualInformation(table), adjustedRandIndex(table), table.total());
    }

    /**
     * Fraction of samples whose cluster maps to their class under the best one-to-one map between clusters and
     * classes. Surplus clusters (or classes) stay unmatched and their samples count as errors.
     */
    public static double accuracy(ContingencyTable table) {
        double matched = LinearAssignment.maximize(table.toMatrix()).total();
        return matched / table.total();
    }

    /**
     * MI(y, ŷ) / ((H(y) + H(ŷ)) / 2). As in scikit-learn, two single-cluster labelings score 1 and a zero mutual
     * information scores 0 (so a constant labeling against a non-constant one scores 0).
     */
    public static double normalizedMutualInformation(ContingencyTable table) {
        if (table.numClasses() == 1 && table.numClusters() == 1) {
            return 1.0;
        }
        double mutualInformation = mutualInformation(table);
        if (mutualInformation == 0.0) {
            return 0.0;
        }
        double classEntropy = entropy(table, true);
        double clusterEntropy = entropy(table, false);
        double nmi = mutualInformation / ((classEntropy + clusterEntropy) / 2.0);
        // Rounding can push a perfect match a hair above 1.
        return Math.min(1.0, nmi);
    }

    /**
     * (Σ C(n_tp, 2) − E) / (½[Σ C(a_t, 2) + Σ C(b_p, 2)] − E) with E = Σ C(a_t, 2)·Σ C(b_p, 2) / C(n, 2).
     * Identical partitions (including both constant, or both all-singletons, where the formula is 0/0) score 1.
     */
    public static double adjustedRandIndex(ContingencyTable table) {
        long pairsTogetherInBoth = 0;
        for (int i = 0; i < table.numClasses(); i++) {
            for (int j = 0; j < table.numClusters(); j++) {
                pairsTogetherInBoth += pairs(table.count(i, j));
            }
        }
        long pairsSameClass = 0;
        for (int i = 0; i < table.numClasses(); i++) {
            pairsSameClass += pairs(table.classTotal(i));
        }
        long pairsSameCluster = 0;
        for (int j = 0; j < table.numClusters(); j++) {
            pairsSameCluster += pairs(table.clusterTotal(j));
        }
        if (pairsSameClass == pairsTogetherInBoth && pairsSameCluster == pairsTogetherInBoth) {
            return 1.0;
        }
        double expected = (double) pairsSameClass * (double) pairsSameCluster / (double) pairs(table.total());
        double maximum = ((double) pairsSameClass + (double) pairsSameCluster) / 2.0;
        return (pairsTogetherInBoth - expected) / (maximum - expected);
    }

    private static double mutualInformation(ContingencyTable table) {
        double n = table.total();
        double sum = 0.0;
        for (int i = 0; i < table.numClasses(); i++) {
            for (int j = 0; j < table.numClusters(); j++) {
                long count = table.count(i, j);
                if (count == 0) {
                    continue;
                }
                double joint = count / n;
                sum += joint * Math.log(count * n / ((double) table.classTotal(i) * table.clusterTotal(j)));
            }
        }
        return Math.max(0.0, sum);
    }

    private static double entropy(ContingencyTable table, boolean ofClasses) {
        double n = table.total();
        int size = ofClasses ? table.numClasses() : table.numClusters();
        double sum = 0.0;
        for (int k = 0; k < size; k++) {
            long count = ofClasses ? table.classTotal(k) : table.clusterTotal(k);
            double p = count / n;
            sum -= p * Math.log(p);
        }
        return sum;
    }

    private static long pairs(long count) {
        return count * (count - 1) / 2;
    }
}
