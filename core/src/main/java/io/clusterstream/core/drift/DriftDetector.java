package io.clusterstream.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Computes a window's drift statistics and decides whether they amount to an alert. Stateless and thread-safe. */
public final class DriftDetector {

    private final DriftThresholds thresholds;

    public DriftDetector(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public DriftAssessment assess(WindowSummary window) {
        double js = Divergences.jensenShannon(window.proportions(), window.referenceProportions());
        double psi = Divergences.populationStabilityIndex(window.proportions(), window.referenceProportions());
        double w = Divergences.cohensW(window.proportions(), window.referenceProportions());
        double h = Divergences.cohensH(window.noveltyRate(), window.expectedNoveltyRate());
        double shift = window.embeddingMeanShift();

        List<String> reasons = new ArrayList<>();
        if (window.count() >= thresholds.minCount()) {
            above(reasons, "cluster mix w", w, thresholds.clusterMixW());
            above(reasons, "novelty h", h, thresholds.noveltyH());
            above(reasons, "embedding shift", shift, thresholds.embeddingShift());
            above(reasons, "js divergence", js, thresholds.jsDivergence());
            above(reasons, "psi", psi, thresholds.psi());
        }
        return new DriftAssessment(js, psi, w, h, shift, !reasons.isEmpty(), List.copyOf(reasons));
    }

    private static void above(List<String> reasons, String name, double value, double threshold) {
        // NaN on either side means "not measured" or "disabled": never an alert.
        if (value > threshold) {
            reasons.add(String.format(Locale.ROOT, "%s=%.3f > %.3f", name, value, threshold));
        }
    }
}
