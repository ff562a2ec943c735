package io.clusterstream.stream.output;

import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterProbability;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.stream.events.AssignmentRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes assignments as {@code ClusterAssignment} protobuf records keyed by event id.
 *
 * <p>The record timestamp is when the assignment was made ({@code processing_time_ms}), not the event time, which stays
 * in the payload: Kafka's time-based retention counts from the record timestamp, so stamping with event time would
 * let the broker delete the assignments of a backfill, a late upload or a device with a wrong clock at its next
 * retention check, before anyone read them.
 */
public final class AssignmentSerializer implements KafkaRecordSerializationSchema<AssignmentRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final boolean includeEmbedding;

    public AssignmentSerializer(String topic, boolean includeEmbedding) {
        this.topic = topic;
        this.includeEmbedding = includeEmbedding;
    }

    public static AssignmentSerializer toDefaultTopic() {
        return new AssignmentSerializer(Topics.ASSIGNMENTS, false);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AssignmentRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, record.processingTimeMs, record.eventId.getBytes(StandardCharsets.UTF_8),
                toProto(record, includeEmbedding).toByteArray());
    }

    public static ClusterAssignment toProto(AssignmentRecord record, boolean includeEmbedding) {
        ClusterAssignment.Builder out = ClusterAssignment.newBuilder()
                .setEventId(record.eventId)
                .setEventTimeMs(record.eventTimeMs)
                .setSource(record.source)
                .setModel(ModelRef.newBuilder().setModelId(record.modelId).setVersion(record.modelVersion))
                .setClusterId(record.clusterId)
                .setClusterKey(record.clusterKey)
                .setConfidence(record.confidence)
                .setNoveltyScore(record.noveltyScore)
                .setNovel(record.novel)
                .setProcessingTimeMs(record.processingTimeMs)
                .putAllAttributes(record.attributes);
        for (int i = 0; i < record.topClusters.length; i++) {
            out.addTopK(ClusterProbability.newBuilder()
                    .setClusterId(record.topClusters[i])
                    .setClusterKey(record.topClusterKeys[i])
                    .setProbability(record.topProbabilities[i]));
        }
        if (record.label != null) {
            out.setLabel(record.label);
        }
        if (includeEmbedding && record.embedding != null) {
            for (float v : record.embedding) {
                out.addEmbedding(v);
            }
        }
        return out.build();
    }
}
