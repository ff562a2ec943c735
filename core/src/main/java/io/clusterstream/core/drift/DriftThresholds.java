package io.clusterstream.core.drift;

import java.io.Serializable;

/**
 * When a window counts as drifted. Thresholds are effect sizes, so they mean the same at any traffic volume; a
 * window smaller than {@code minCount} never alerts, because its proportions are too noisy to judge.
 *
 * @param minCount           fewest assignments a window needs before it may alert
 * @param clusterMixW        Cohen's w of window vs reference proportions (0.3 = medium effect)
 * @param noveltyH           Cohen's h of the novelty rate vs the calibrated rate (0.5 = medium effect)
 * @param embeddingShift     embedding mean shift in training standard deviations
 * @param jsDivergence       optional absolute Jensen–Shannon bound; NaN disables it
 * @param psi                optional PSI bound (0.25 is the customary "major shift"); NaN disables it
 */
public record DriftThresholds(
        long minCount, double clusterMixW, double noveltyH, double embeddingShift, double jsDivergence, double psi)
        implements Serializable {

    public static final DriftThresholds DEFAULTS = new DriftThresholds(100, 0.3, 0.5, 0.5, Double.NaN, Double.NaN);

    public DriftThresholds {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        requirePositiveOrNaN("clusterMixW", clusterMixW);
        requirePositiveOrNaN("noveltyH", noveltyH);
        requirePositiveOrNaN("embeddingShift", embeddingShift);
        requirePositiveOrNaN("jsDivergence", jsDivergence);
        requirePositiveOrNaN("psi", psi);
    }

    private static void requirePositiveOrNaN(String name, double value) {
        if (!(Double.isNaN(value) || value > 0)) {
            throw new IllegalArgumentException(name + " must be positive (or NaN to disable it), got " + value);
        }
    }
}
