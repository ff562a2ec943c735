package io.clusterstream.core.drift;

import java.util.List;

/**
 * The statistics of one window and whether they cross the thresholds.
 *
 * @param reasons one line per crossed threshold, e.g. {@code "cluster mix w=0.42 > 0.30"}; empty when no alert
 */
public record DriftAssessment(
        double jsDivergence,
        double psi,
        double clusterMixW,
        double noveltyH,
        double embeddingMeanShift,
        boolean alert,
        List<String> reasons) {

    public String reason() {
        return String.join("; ", reasons);
    }
}
