package io.clusterstream.stream.drift;

import io.clusterstream.stream.events.AssignmentRecord;
import java.util.Arrays;

/**
 * The running totals of one drift window for one key: the keyed state of {@link DriftWindowFunction}. A Flink POJO;
 * public only because Flink's POJO serializer requires it.
 */
public final class DriftAccumulator {
    public String modelId;
    public long version;
    public String source = "";
    /** Assignments in the window. */
    public long count;
    /** Assignments per cluster id; grows to the largest cluster id seen. */
    public long[] clusterCounts = new long[0];
    /** The cluster key each cluster id was last seen with, used when no reference names the clusters. */
    public String[] clusterKeys = new String[0];
    public double confidenceSum;
    public double entropySum;
    public long novelCount;
    /** Sum of the embeddings of the first dimension seen; null until an assignment carries one. */
    public double[] embeddingSum;
    public long embeddingCount;

    public DriftAccumulator() {}

    /** An empty window for the given key's model version (and source, or "" for all sources). */
    static DriftAccumulator empty(AssignmentRecord first, boolean perSource) {
        DriftAccumulator window = new DriftAccumulator();
        window.modelId = DriftKeys.nullToEmpty(first.modelId);
        window.version = first.modelVersion;
        window.source = perSource ? DriftKeys.nullToEmpty(first.source) : "";
        return window;
    }

    /** Adds one assignment, which must have a non-negative cluster id. */
    void add(AssignmentRecord record) {
        int cluster = record.clusterId;
        if (cluster >= clusterCounts.length) {
            int oldLength = clusterCounts.length;
            clusterCounts = Arrays.copyOf(clusterCounts, cluster + 1);
            clusterKeys = Arrays.copyOf(clusterKeys, cluster + 1);
            Arrays.fill(clusterKeys, oldLength, clusterKeys.length, "");
        }
        count++;
        clusterCounts[cluster]++;
        if (record.clusterKey != null && !record.clusterKey.isEmpty()) {
            clusterKeys[cluster] = record.clusterKey;
        }
        confidenceSum += record.confidence;
        entropySum += record.entropy;
        if (record.novel) {
            novelCount++;
        }
        addEmbedding(record.embedding);
    }

    private void addEmbedding(float[] embedding) {
        if (embedding == null || embedding.length == 0) {
            return;
        }
        if (embeddingSum == null) {
            embeddingSum = new double[embedding.length];
        } else if (embeddingSum.length != embedding.length) {
            // A different encoder output size within one model version is a bug upstream; keep the first.
            return;
        }
        for (int i = 0; i < embedding.length; i++) {
            embeddingSum[i] += embedding[i];
        }
        embeddingCount++;
    }
}
