package io.clusterstream.stream.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image's cluster assignment inside the job (the wire form is the {@code ClusterAssignment} protobuf, written
 * only at the Kafka edge). A Flink POJO.
 */
public class AssignmentRecord {
    public String eventId;
    public long eventTimeMs;
    public String source;
    public String modelId;
    public long modelVersion;
    public int clusterId;
    public String clusterKey;
    public float confidence;
    /** The most probable clusters, most probable first, and their probabilities. */
    public int[] topClusters;
    public String[] topClusterKeys;
    public float[] topProbabilities;
    /** Entropy (nats) of the full assignment distribution. */
    public float entropy;
    public float noveltyScore;
    public boolean novel;
    public long processingTimeMs;
    /** The encoder output; always carried for drift statistics, written to Kafka only when configured. */
    public float[] embedding;
    public Map<String, String> attributes = new LinkedHashMap<>();
    /** Ground truth from the event, or null. */
    public Integer label;

    public AssignmentRecord() {}
}
