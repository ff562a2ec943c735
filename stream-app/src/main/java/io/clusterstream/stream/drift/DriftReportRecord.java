package io.clusterstream.stream.drift;

/**
 * The statistics of one drift window inside the job; mirrors the {@code DriftReport} protobuf, which is written only
 * at the Kafka edge ({@link DriftReports#toProto(DriftReportRecord)}). A Flink POJO. The per-cluster arrays are all
 * indexed by cluster id and have the same length.
 */
public final class DriftReportRecord {
    public String modelId;
    public long version;
    /** Window bounds in event time: [windowStartMs, windowEndMs). */
    public long windowStartMs;
    public long windowEndMs;
    /** The source the window covers; "" when it covers all sources. */
    public String source = "";
    public long count;
    public String[] clusterKeys;
    public long[] clusterCounts;
    public double[] proportions;
    public double[] referenceProportions;
    public double jsDivergence;
    public double psi;
    public double meanConfidence;
    public double meanEntropy;
    public double noveltyRate;
    /** Window mean embedding's distance from the training mean in training spreads; NaN when unknown. */
    public double embeddingMeanShift = Double.NaN;
    public boolean alert;
    /** Why the alert was raised; "" when it was not. */
    public String alertReason = "";
    /** Processing time at which the window was reported. */
    public long emittedTimeMs;

    public DriftReportRecord() {}

    @Override
    public String toString() {
        return "DriftReportRecord{" + modelId + "/" + version + (source.isEmpty() ? "" : "/" + source)
                + " [" + windowStartMs + ", " + windowEndMs + ") count=" + count + " js=" + jsDivergence
                + " alert=" + alert + (alert ? " (" + alertReason + ")" : "") + "}";
    }
}
