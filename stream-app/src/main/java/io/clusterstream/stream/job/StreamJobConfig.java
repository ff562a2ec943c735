package io.clusterstream.stream.job;

import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.schemas.Topics;
import io.clusterstream.stream.assign.AssignConfig;
import io.clusterstream.stream.drift.DriftConfig;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the stream job is configured with.
 *
 * @param serving         how each subtask serves the model (top-k, ONNX Runtime threads)
 * @param kafkaProperties Kafka client properties passed through untouched to every consumer and producer
 *                        (security.protocol, sasl.*, ssl.*, ...)
 */
public record StreamJobConfig(
        String bootstrapServers,
        TopicNames topics,
        String groupId,
        URI snapshotStore,
        AssignConfig assign,
        DriftConfig drift,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration checkpointInterval,
        Duration maxOutOfOrderness,
        boolean emitEmbeddings,
        ServingOptions serving,
        Map<String, String> kafkaProperties) implements Serializable {

    /** The topics the job reads and writes. */
    public record TopicNames(String images, String snapshots, String assignments, String drift, String deadLetters)
            implements Serializable {
        public static final TopicNames DEFAULTS =
                new TopicNames(Topics.IMAGES, Topics.SNAPSHOTS, Topics.ASSIGNMENTS, Topics.DRIFT, Topics.DEAD_LETTERS);
    }
}
