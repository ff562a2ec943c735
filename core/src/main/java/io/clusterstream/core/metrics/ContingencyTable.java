package io.clusterstream.core.metrics;

import java.util.Arrays;

/**
 * Counts of samples by (true class, predicted cluster). Labels are arbitrary non-negative ints; they are mapped to
 * dense indices in ascending label order, so row {@code i} is the i-th smallest class label present in the truth
 * and column {@code j} the j-th smallest cluster label present in the prediction. The number of clusters need not
 * equal the number of classes.
 */
public final class ContingencyTable {

    private final int[] classLabels;
    private final int[] clusterLabels;
    private final long[][] counts;
    private final long[] classTotals;
    private final long[] clusterTotals;
    private final long total;

    private ContingencyTable(int[] classLabels, int[] clusterLabels, long[][] counts) {
        this.classLabels = classLabels;
        this.clusterLabels = clusterLabels;
        this.counts = counts;
        this.classTotals = new long[classLabels.length];
        this.clusterTotals = new long[clusterLabels.length];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts[i].length; j++) {
                classTotals[i] += counts[i][j];
                clusterTotals[j] += counts[i][j];
                sum += counts[i][j];
            }
        }
        this.total = sum;
    }

    /**
     * Builds the table for paired labels: {@code truth[s]} is the class and {@code predicted[s]} the cluster of
     * sample {@code s}.
     *
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a label is negative
     */
    public static ContingencyTable of(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException("truth and predicted labels must not be null");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " labels but predicted has " + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("at least one labelled sample is required");
        }
        int[] classLabels = distinctNonNegative(truth, "truth");
        int[] clusterLabels = distinctNonNegative(predicted, "predicted");
        long[][] counts = new long[classLabels.length][clusterLabels.length];
        for (int s = 0; s < truth.length; s++) {
            int row = Arrays.binarySearch(classLabels, truth[s]);
            int column = Arrays.binarySearch(clusterLabels, predicted[s]);
            counts[row][column]++;
        }
        return new ContingencyTable(classLabels, clusterLabels, counts);
    }

    private static int[] distinctNonNegative(int[] labels, String name) {
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] < 0) {
                throw new IllegalArgumentException(name + "[" + s + "] is negative: " + labels[s]);
            }
        }
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** Number of distinct true classes (rows). */
    public int numClasses() {
        return classLabels.length;
    }

    /** Number of distinct predicted clusters (columns). */
    public int numClusters() {
        return clusterLabels.length;
    }

    /** The class label of row {@code row}. */
    public int classLabel(int row) {
        return classLabels[row];
    }

    /** The cluster label of column {@code column}. */
    public int clusterLabel(int column) {
        return clusterLabels[column];
    }

    /** Samples of class row {@code row} predicted as cluster column {@code column}. */
    public long count(int row, int column) {
        return counts[row][column];
    }

    /** Samples of class row {@code row}. */
    public long classTotal(int row) {
        return classTotals[row];
    }

    /** Samples predicted as cluster column {@code column}. */
    public long clusterTotal(int column) {
        return clusterTotals[column];
    }

    /** Number of samples. */
    public long total() {
        return total;
    }

    /** The counts as a classes × clusters matrix of doubles, e.g. for {@code LinearAssignment}. */
    public double[][] toMatrix() {
        double[][] matrix = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            matrix[i] = Arrays.stream(counts[i]).asDoubleStream().toArray();
        }
        return matrix;
    }
}
