package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.EmbeddingReference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a snapshot records about its training sample, computed the same way for every algorithm: the cluster shares
 * (drift reference), exemplars, the novelty threshold and where the embeddings sit.
 */
public final class SampleStatistics {

    /** The novelty quantile snapshots calibrate at. */
    public static final float NOVELTY_QUANTILE = 0.99f;
    /** Exemplars kept per cluster. */
    public static final int EXEMPLARS = 5;

    /** Each cluster's share of the sample, indexed by cluster id. */
    public static List<Double> proportions(long[] sizes) {
        long n = Arrays.stream(sizes).sum();
        return Arrays.stream(sizes).mapToDouble(size -> (double) size / n).boxed().toList();
    }

    /** Cluster sizes of {@code labels}, K = {@code clusters}. */
    public static long[] sizes(int[] labels, int clusters) {
        long[] sizes = new long[clusters];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** Ids ("index:i") of the members of {@code cluster} with the lowest {@code distance}, closest first. */
    public static List<String> exemplars(int[] labels, double[] distance, int cluster) {
        return IntStream.range(0, labels.length)
                .filter(i -> labels[i] == cluster)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> distance[i]))
                .limit(EXEMPLARS)
                .map(i -> "index:" + i)
                .toList();
    }

    /** The {@link #NOVELTY_QUANTILE} quantile of the sample's novelty scores. */
    public static float noveltyThreshold(double[] noveltyScores) {
        double[] sorted = noveltyScores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (float) sorted[Math.min(n - 1, (int) Math.ceil(NOVELTY_QUANTILE * n) - 1)];
    }

    /** Mean embedding and RMS distance to it, of n row-major embeddings of {@code dim} values. */
    public static EmbeddingReference embeddingReference(float[] features, int n, int dim) {
        EmbeddingSpread spread = new EmbeddingSpread(dim);
        for (int i = 0; i < n; i++) {
            spread.add(features, i * dim);
        }
        return spread.reference();
    }

    /**
     * The embedding reference accumulated one embedding at a time, so a sample of wide embeddings (MiCE's posterior
     * serves 2,688 values per image) need not be held whole. Sums are taken relative to the first embedding, which
     * keeps the spread accurate when the mean is large against it.
     */
    public static final class EmbeddingSpread {

        private final int dim;
        private final double[] origin;
        private final double[] shiftedSum;
        private double shiftedSquares;
        private long n;

        public EmbeddingSpread(int dim) {
            this.dim = dim;
            this.origin = new double[dim];
            this.shiftedSum = new double[dim];
        }

        /** Adds the embedding at {@code features[offset .. offset + dim)}. */
        public void add(float[] features, int offset) {
            if (n == 0) {
                for (int j = 0; j < dim; j++) {
                    origin[j] = features[offset + j];
                }
            }
            for (int j = 0; j < dim; j++) {
                double d = features[offset + j] - origin[j];
                shiftedSum[j] += d;
                shiftedSquares += d * d;
            }
            n++;
        }

        public EmbeddingReference reference() {
            EmbeddingReference.Builder reference = EmbeddingReference.newBuilder();
            double meanShiftSquared = 0;
            for (int j = 0; j < dim; j++) {
                double shift = shiftedSum[j] / n;
                meanShiftSquared += shift * shift;
                reference.addMean((float) (origin[j] + shift));
            }
            double squared = Math.max(0, shiftedSquares / n - meanShiftSquared);
            return reference.setRmsSpread(Math.sqrt(squared)).build();
        }
    }

    private SampleStatistics() {}
}
