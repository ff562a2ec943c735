package io.clusterstream.trainer.eval;

import io.clusterstream.core.assignment.Assignment;
import io.clusterstream.core.assignment.LinearAssignment;
import java.util.ArrayList;
import java.util.Arrays;
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
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need one cluster per labelled image, got " + truth.length + " labels and "
                    + predicted.length + " clusters");
        }
        int[] labels = Arrays.stream(truth).distinct().sorted().toArray();
        if (labels[0] < 0) {
            throw new IllegalArgumentException("class labels must not be negative: " + labels[0]);
        }
        long[][] counts = new long[labels.length][clusters];
        for (int s = 0; s < truth.length; s++) {
            if (predicted[s] < 0 || predicted[s] >= clusters) {
                throw new IllegalArgumentException("cluster " + predicted[s] + " of image " + s + " is outside [0, " + clusters + ")");
            }
            counts[Arrays.binarySearch(labels, truth[s])][predicted[s]]++;
        }
        double[][] weights = new double[labels.length][];
        for (int row = 0; row < labels.length; row++) {
            weights[row] = Arrays.stream(counts[row]).asDoubleStream().toArray();
        }
        Assignment matching = LinearAssignment.maximize(weights);
        List<ClassBreakdown> breakdowns = new ArrayList<>(labels.length);
        for (int row = 0; row < labels.length; row++) {
            breakdowns.add(new ClassBreakdown(labels[row], Arrays.stream(counts[row]).sum(), matching.columnOf(row), counts[row]));
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
