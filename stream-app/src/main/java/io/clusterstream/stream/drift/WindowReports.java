package io.clusterstream.stream.drift;

import io.clusterstream.core.drift.DriftAssessment;
import io.clusterstream.core.drift.DriftDetector;
import io.clusterstream.core.drift.WindowSummary;
import java.util.Arrays;

/** Turns a closed window's totals and its model version's reference into a {@link DriftReportRecord}. */
final class WindowReports {

    /**
     * The report of one window.
     *
     * @param reference the model version's reference, or null when none is known (a uniform reference is used)
     */
    static DriftReportRecord report(
            DriftAccumulator window,
            SnapshotReference reference,
            long windowStartMs,
            long windowEndMs,
            DriftDetector detector,
            long emittedTimeMs) {
        // Normally the reference and the window agree on K; should a cluster id exceed the reference's, it gets a
        // zero reference share rather than being dropped, so proportions still sum to 1.
        int k = Math.max(window.clusterCounts.length, reference == null ? 0 : reference.numClusters);
        long[] counts = Arrays.copyOf(window.clusterCounts, k);
        double[] proportions = new double[k];
        for (int i = 0; i < k; i++) {
            proportions[i] = (double) counts[i] / window.count;
        }
        double[] referenceProportions = reference == null || reference.referenceProportions == null
                ? SnapshotReference.uniform(k)
                : Arrays.copyOf(reference.referenceProportions, k);
        String[] keys = clusterKeys(window, reference, k);

        WindowSummary summary = new WindowSummary(
                window.count,
                proportions,
                referenceProportions,
                window.confidenceSum / window.count,
                window.entropySum / window.count,
                (double) window.novelCount / window.count,
                reference == null ? 0.0 : reference.expectedNoveltyRate,
                embeddingMeanShift(window, reference));
        DriftAssessment assessment = detector.assess(summary);

        DriftReportRecord report = new DriftReportRecord();
        report.modelId = window.modelId;
        report.version = window.version;
        report.windowStartMs = windowStartMs;
        report.windowEndMs = windowEndMs;
        report.source = window.source;
        report.count = window.count;
        report.clusterKeys = keys;
        report.clusterCounts = counts;
        report.proportions = proportions;
        report.referenceProportions = referenceProportions;
        report.jsDivergence = assessment.jsDivergence();
        report.psi = assessment.psi();
        report.meanConfidence = summary.meanConfidence();
        report.meanEntropy = summary.meanEntropy();
        report.noveltyRate = summary.noveltyRate();
        report.embeddingMeanShift = assessment.embeddingMeanShift();
        report.alert = assessment.alert();
        report.alertReason = assessment.reason();
        report.emittedTimeMs = emittedTimeMs;
        return report;
    }

    /** ||window mean − reference mean|| / rmsSpread, or NaN when either side is unknown or they disagree in size. */
    static double embeddingMeanShift(DriftAccumulator window, SnapshotReference reference) {
        if (reference == null
                || reference.embeddingMean == null
                || !(reference.rmsSpread > 0)
                || window.embeddingSum == null
                || window.embeddingCount == 0
                || window.embeddingSum.length != reference.embeddingMean.length) {
            return Double.NaN;
        }
        double squared = 0;
        for (int i = 0; i < window.embeddingSum.length; i++) {
            double d = window.embeddingSum[i] / window.embeddingCount - reference.embeddingMean[i];
            squared += d * d;
        }
        return Math.sqrt(squared) / reference.rmsSpread;
    }

    private static String[] clusterKeys(DriftAccumulator window, SnapshotReference reference, int k) {
        String[] keys = new String[k];
        for (int i = 0; i < k; i++) {
            String fromReference = reference != null && reference.clusterKeys != null && i < reference.clusterKeys.length
                    ? DriftKeys.nullToEmpty(reference.clusterKeys[i])
                    : "";
            String seen = i < window.clusterKeys.length ? DriftKeys.nullToEmpty(window.clusterKeys[i]) : "";
            keys[i] = fromReference.isEmpty() ? seen : fromReference;
        }
        return keys;
    }

    private WindowReports() {}
}
