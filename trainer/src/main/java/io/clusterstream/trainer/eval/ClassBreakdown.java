package io.clusterstream.trainer.eval;

import io.clusterstream.core.assignment.Assignment;
import io.clusterstream.core.assignment.LinearAssignment;
import io.clusterstream.core.metrics.ContingencyTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one true class goes among the served clusters: its images per cluster (a row of the confusion matrix), the
 * cluster the ACC matching gives it, and the cluster that takes most of the rest, which names the class it is confused
 * with.
 */
public record ClassBreakdown(int label, long images, int matchedCluster, long[] imagesByCluster) {

    public static final int UNMATCHED = Assignment.UNMATCHED;

    public ClassBreakdown {
        imagesByCluster = imagesByCluster.clone();
    }

    /**
     * One breakdown per class present in {@code truth}, in ascending label order, matched to clusters as ACC matches
     * them (the one-to-one map with the most agreeing images).
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty, a label is negative, or a cluster
     *     is outside [0, {@code clusters})
     */
    public static List<ClassBreakdown> of(int[] truth, int[] predicted, int clusters) {
        ContingencyTable table = ContingencyTable.of(truth, predicted);
        for (int s = 0; s < predicted.length; s++) {
            if (predicted[s] >= clusters) {
                throw new IllegalArgumentException("cluster " + predicted[s] + " of image " + s + " is outside [0, " + clusters + ")");
            }
        }
        return of(table, clusters);
    }

    /**
     * The same from the contingency table ACC is computed on; its columns are the non-empty clusters, which this
     * spreads over all {@code clusters} so that each row is indexed by cluster id.
     *
     * @throws IllegalArgumentException if a cluster label of the table is {@code clusters} or more
     */
    public static List<ClassBreakdown> of(ContingencyTable table, int clusters) {
        long[][] counts = new long[table.numClasses()][clusters];
        double[][] weights = new double[table.numClasses()][clusters];
        for (int column = 0; column < table.numClusters(); column++) {
            int cluster = table.clusterLabel(column);
            if (cluster >= clusters) {
                throw new IllegalArgumentException("cluster " + cluster + " is outside [0, " + clusters + ")");
            }
            for (int row = 0; row < table.numClasses(); row++) {
                counts[row][cluster] = table.count(row, column);
                weights[row][cluster] = counts[row][cluster];
            }
        }
        Assignment matching = LinearAssignment.maximize(weights);
        List<ClassBreakdown> breakdowns = new ArrayList<>(table.numClasses());
        for (int row = 0; row < table.numClasses(); row++) {
            breakdowns.add(new ClassBreakdown(table.classLabel(row), table.classTotal(row), matching.columnOf(row), counts[row]));
        }
        return List.copyOf(breakdowns);
    }

    /** The share of this class's images in its matched cluster: its contribution to ACC. */
    public double recall() {
        return matchedCluster == UNMATCHED ? 0 : (double) imagesByCluster[matchedCluster] / images;
    }

    /** The cluster, other than the matched one, holding most of this class's images; UNMATCHED if there is none. */
    public int mainOtherCluster() {
        int best = UNMATCHED;
        for (int cluster = 0; cluster < imagesByCluster.length; cluster++) {
            if (cluster != matchedCluster && imagesByCluster[cluster] > 0
                    && (best == UNMATCHED || imagesByCluster[cluster] > imagesByCluster[best])) {
                best = cluster;
            }
        }
        return best;
    }

    /** The share of this class's images in {@code cluster}. */
    public double share(int cluster) {
        return (double) imagesByCluster[cluster] / images;
    }

    /** A copy of the class's images per cluster. */
    @Override
    public long[] imagesByCluster() {
        return imagesByCluster.clone();
    }
}
