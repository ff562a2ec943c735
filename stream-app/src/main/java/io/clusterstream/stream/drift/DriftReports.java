package io.clusterstream.stream.drift;

import io.clusterstream.schemas.v1.ClusterShare;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.DriftStatistics;
import io.clusterstream.schemas.v1.ModelRef;

/** Conversions between the job's {@link DriftReportRecord} and the {@code DriftReport} wire contract. */
public final class DriftReports {

    /** The wire form of a report; null strings become empty ones. */
    public static DriftReport toProto(DriftReportRecord record) {
        DriftReport.Builder report = DriftReport.newBuilder()
                .setModel(ModelRef.newBuilder()
                        .setModelId(DriftKeys.nullToEmpty(record.modelId))
                        .setVersion(record.version))
                .setWindowStartMs(record.windowStartMs)
                .setWindowEndMs(record.windowEndMs)
                .setSource(DriftKeys.nullToEmpty(record.source))
                .setCount(record.count)
                .setStatistics(DriftStatistics.newBuilder()
                        .setJsDivergence(record.jsDivergence)
                        .setPsi(record.psi)
                        .setMeanConfidence(record.meanConfidence)
                        .setMeanEntropy(record.meanEntropy)
                        .setNoveltyRate(record.noveltyRate)
                        .setEmbeddingMeanShift(record.embeddingMeanShift))
                .setAlert(record.alert)
                .setAlertReason(DriftKeys.nullToEmpty(record.alertReason))
                .setEmittedTimeMs(record.emittedTimeMs);
        int k = record.clusterCounts == null ? 0 : record.clusterCounts.length;
        for (int i = 0; i < k; i++) {
            report.addClusters(ClusterShare.newBuilder()
                    .setClusterId(i)
                    .setClusterKey(record.clusterKeys == null ? "" : DriftKeys.nullToEmpty(record.clusterKeys[i]))
                    .setCount(record.clusterCounts[i])
                    .setProportion(record.proportions[i])
                    .setReferenceProportion(record.referenceProportions[i]));
        }
        return report.build();
    }

    private DriftReports() {}
}
