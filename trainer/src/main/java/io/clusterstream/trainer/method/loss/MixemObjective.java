package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.Set;

/**
 * MIX'EM's training objective (shared/algorithms.md §2) over the two views' mixed embeddings z and gate log-weights
 * log π: for each view v, NTX(z^v, z^other, 0.5) + 2.0·Σ_c p̄_c log p̄_c + 0.1·mean_b(1 − max_c π_bc)
 * + 0.1·compactness − 0.05·separation, summed over v. NT-Xent is symmetric in its two views, so the sum carries it
 * twice. Every term can be switched off for ablations.
 *
 * <p>Compactness and separation read the spec's "one zero vector appended per cluster" literally: the zero vector is a
 * member of every cluster c = argmax π (no gradient through the argmax), so with n_c batch members m_c = Σ z_b/(n_c+1)
 * and compactness_c = (Σ_b ||z_b − m_c|| + ||0 − m_c||)/(n_c+1); an empty cluster has m_c = 0 and adds 0.
 * Euclidean norms are sqrt(|x|² + 1e-12) so coincident points (B = 1, empty clusters) keep finite gradients.
 */
public final class MixemObjective {

    /** The switchable terms. */
    public enum Term { NTXENT, ENTROPY, CONFIDENCE, COMPACTNESS }

    public static final double TEMPERATURE = 0.5;
    public static final double ENTROPY_WEIGHT = 2.0;
    public static final double CONFIDENCE_WEIGHT = 0.1;
    public static final double COMPACTNESS_WEIGHT = 0.1;
    public static final double SEPARATION_WEIGHT = 0.05;
    private static final float NORM_EPSILON = 1e-12f;

    /** One view's mixed embedding z (B x D) and gate log-weights log π (B x C). */
    public record View(NDArray z, NDArray logPi) {}

    /** The cluster-geometry term's two parts, both scalars. */
    public record Spread(NDArray compactness, NDArray separation) {}

    public static NDArray loss(View i, View j, Set<Term> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("MIX'EM needs at least one loss term");
        }
        NDArray total = i.z().getManager().zeros(new Shape(), i.z().getDataType());
        if (terms.contains(Term.NTXENT)) {
            total = total.add(NtXent.loss(i.z(), j.z(), TEMPERATURE).mul(2));
        }
        for (View view : new View[] {i, j}) {
            total = total.add(regularisers(view, terms));
        }
        return total;
    }

    /** The weighted regularisers of one view that {@code terms} switches on. */
    public static NDArray regularisers(View view, Set<Term> terms) {
        NDArray sum = view.z().getManager().zeros(new Shape(), view.z().getDataType());
        if (terms.contains(Term.ENTROPY)) {
            sum = sum.add(negativeMarginalEntropy(view.logPi()).mul((float) ENTROPY_WEIGHT));
        }
        if (terms.contains(Term.CONFIDENCE)) {
            sum = sum.add(unconfidence(view.logPi()).mul((float) CONFIDENCE_WEIGHT));
        }
        if (terms.contains(Term.COMPACTNESS)) {
            Spread spread = spread(view.z(), view.logPi());
            sum = sum.add(spread.compactness().mul((float) COMPACTNESS_WEIGHT))
                    .sub(spread.separation().mul((float) SEPARATION_WEIGHT));
        }
        return sum;
    }

    /** Σ_c p̄_c log p̄_c with log p̄_c = lse_b(log π_bc) − log B, so no 0·log 0 can occur. */
    public static NDArray negativeMarginalEntropy(NDArray logPi) {
        long batch = logPi.getShape().get(0);
        NDArray logMean = LogSumExp.along(logPi, 0).sub((float) Math.log(batch));
        return logMean.exp().mul(logMean).sum();
    }

    /** mean_b (1 − max_c π_bc). */
    public static NDArray unconfidence(NDArray logPi) {
        return logPi.max(new int[] {1}).exp().neg().add(1f).mean();
    }

    /**
     * (1/C)·Σ_c compactness_c and mean over ordered pairs c ≠ c' of ||m_c − m_c'|| (0 when C = 1), clusters taken
     * as argmax π without gradient.
     */
    public static Spread spread(NDArray z, NDArray logPi) {
        int clusters = Math.toIntExact(logPi.getShape().get(1));
        NDArray members = logPi.stopGradient().argMax(1).oneHot(clusters).toType(z.getDataType(), false);
        NDArray counts = members.sum(new int[] {0}).add(1f);
        NDArray means = members.transpose().matMul(z).div(counts.expandDims(1));
        NDArray toMeans = norm(z.expandDims(1).sub(means.expandDims(0)), 2);
        NDArray memberDistances = toMeans.mul(members).sum(new int[] {0});
        NDArray compactness = memberDistances.add(norm(means, 1)).div(counts).mean();
        NDArray separation;
        if (clusters == 1) {
            separation = z.getManager().zeros(new Shape(), z.getDataType());
        } else {
            NDArray pairwise = norm(means.expandDims(1).sub(means.expandDims(0)), 2);
            NDArray offDiagonal = z.getManager().eye(clusters).neg().add(1f).toType(z.getDataType(), false);
            separation = pairwise.mul(offDiagonal).sum().div((float) clusters * (clusters - 1));
        }
        return new Spread(compactness, separation);
    }

    /** The default: all terms on. */
    public static Set<Term> allTerms() {
        return EnumSet.allOf(Term.class);
    }

    private static NDArray norm(NDArray x, int axis) {
        return x.square().sum(new int[] {axis}).add(NORM_EPSILON).sqrt();
    }

    private MixemObjective() {}
}
