package io.clusterstream.core.alignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Refuses to publish a degenerate model. A refit is rejected when, on its sample,
 * <ul>
 *   <li>one cluster holds more than {@code maxClusterShare} of the images (collapse; default 0.5),</li>
 *   <li>fewer than {@code minNonEmptyClusters} clusters hold any image (default ⌈K/2⌉), or</li>
 *   <li>its {@link AlignmentResult#agreement() agreement} with the parent is below {@code minAgreement} (default
 *       0.3) although drift was low: with the data unchanged, a model that re-cut everything is more likely broken
 *       than better. With high drift, or for a first model (no parent), agreement is not checked.</li>
 * </ul>
 * Immutable; configure with the {@code with…} methods.
 */
public final class QualityGate {

    public static final double DEFAULT_MAX_CLUSTER_SHARE = 0.5;
    public static final double DEFAULT_MIN_AGREEMENT = 0.3;

    private final double maxClusterShare;
    private final OptionalInt minNonEmptyClusters;
    private final double minAgreement;

    private QualityGate(double maxClusterShare, OptionalInt minNonEmptyClusters, double minAgreement) {
        if (!(maxClusterShare > 0.0 && maxClusterShare <= 1.0)) {
            throw new IllegalArgumentException("maxClusterShare must be in (0, 1], got " + maxClusterShare);
        }
        if (minNonEmptyClusters.isPresent() && minNonEmptyClusters.getAsInt() < 0) {
            throw new IllegalArgumentException(
                    "minNonEmptyClusters must not be negative, got " + minNonEmptyClusters.getAsInt());
        }
        if (!(minAgreement >= 0.0 && minAgreement <= 1.0)) {
            throw new IllegalArgumentException("minAgreement must be in [0, 1], got " + minAgreement);
        }
        this.maxClusterShare = maxClusterShare;
        this.minNonEmptyClusters = minNonEmptyClusters;
        this.minAgreement = minAgreement;
    }

    /** maxClusterShare 0.5, minNonEmptyClusters ⌈K/2⌉, minAgreement 0.3. */
    public static QualityGate defaults() {
        return new QualityGate(DEFAULT_MAX_CLUSTER_SHARE, OptionalInt.empty(), DEFAULT_MIN_AGREEMENT);
    }

    /** No cluster may hold more than this share of the sample, in (0, 1]. */
    public QualityGate withMaxClusterShare(double share) {
        return new QualityGate(share, minNonEmptyClusters, minAgreement);
    }

    /** At least this many clusters must be non-empty, whatever K is; the default is ⌈K/2⌉. */
    public QualityGate withMinNonEmptyClusters(int clusters) {
        return new QualityGate(maxClusterShare, OptionalInt.of(clusters), minAgreement);
    }

    /** Minimum agreement with the parent when drift was low, in [0, 1]. */
    public QualityGate withMinAgreement(double agreement) {
        return new QualityGate(maxClusterShare, minNonEmptyClusters, agreement);
    }

    public double maxClusterShare() {
        return maxClusterShare;
    }

    /** The minimum number of non-empty clusters for a model with {@code k} clusters. */
    public int minNonEmptyClusters(int k) {
        return minNonEmptyClusters.orElse((k + 1) / 2);
    }

    public double minAgreement() {
        return minAgreement;
    }

    /**
     * Judges a model from its assignments of the sample.
     *
     * @param labels    the model's cluster of each sample image, in [0, k)
     * @param alignment the alignment to the parent, or null for a first model
     * @param lowDrift  whether drift was low when the refit was triggered
     */
    public GateDecision evaluate(int[] labels, int k, AlignmentResult alignment, boolean lowDrift) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative, got " + k);
        }
        long[] sizes = new long[k];
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] < 0 || labels[s] >= k) {
                throw new IllegalArgumentException("label " + labels[s] + " of image " + s + " is outside [0, " + k + ")");
            }
            sizes[labels[s]]++;
        }
        return evaluate(sizes, alignment == null ? OptionalDouble.empty() : OptionalDouble.of(alignment.agreement()), lowDrift);
    }

    /** Judges a model with its alignment result, whose child cluster sizes are the model's sizes on the sample. */
    public GateDecision evaluate(AlignmentResult alignment, boolean lowDrift) {
        return evaluate(alignment.childSizes(), OptionalDouble.of(alignment.agreement()), lowDrift);
    }

    /**
     * Judges a model from its cluster sizes on the sample.
     *
     * @param clusterSizes images per cluster, K entries
     * @param agreement    agreement with the parent; empty for a first model
     * @param lowDrift     whether drift was low; agreement is checked only then
     */
    public GateDecision evaluate(long[] clusterSizes, OptionalDouble agreement, boolean lowDrift) {
        if (clusterSizes == null || agreement == null) {
            throw new IllegalArgumentException("clusterSizes and agreement must not be null");
        }
        int k = clusterSizes.length;
        long total = 0;
        int nonEmpty = 0;
        for (int c = 0; c < k; c++) {
            if (clusterSizes[c] < 0) {
                throw new IllegalArgumentException("cluster " + c + " has negative size " + clusterSizes[c]);
            }
            total += clusterSizes[c];
            if (clusterSizes[c] > 0) {
                nonEmpty++;
            }
        }
        List<String> reasons = new ArrayList<>();
        if (k == 0) {
            reasons.add("the model has no clusters");
        } else if (total == 0) {
            reasons.add("the sample is empty, so the model cannot be judged");
        } else {
            for (int c = 0; c < k; c++) {
                double share = (double) clusterSizes[c] / total;
                if (share > maxClusterShare) {
                    reasons.add(String.format(Locale.ROOT,
                            "cluster %d holds %.1f%% of the sample (%d of %d images), above the maximum cluster share of %.1f%%",
                            c, 100 * share, clusterSizes[c], total, 100 * maxClusterShare));
                }
            }
            int required = minNonEmptyClusters(k);
            if (nonEmpty < required) {
                reasons.add(String.format(Locale.ROOT,
                        "only %d of %d clusters are non-empty (%d empty), below the minimum of %d non-empty clusters",
                        nonEmpty, k, k - nonEmpty, required));
            }
        }
        if (lowDrift && agreement.isPresent() && agreement.getAsDouble() < minAgreement) {
            reasons.add(String.format(Locale.ROOT,
                    "agreement with the parent model is %.3f, below the minimum of %.3f although drift was low",
                    agreement.getAsDouble(), minAgreement));
        }
        return reasons.isEmpty() ? GateDecision.accept() : GateDecision.reject(reasons);
    }

    @Override
    public String toString() {
        return "QualityGate[maxClusterShare=" + maxClusterShare
                + ", minNonEmptyClusters=" + (minNonEmptyClusters.isPresent() ? minNonEmptyClusters.getAsInt() : "ceil(K/2)")
                + ", minAgreement=" + minAgreement + "]";
    }
}
