package io.clusterstream.stream.drift;

import io.clusterstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes drift reports to Kafka as {@code DriftReport} protobuf, keyed by model id (UTF-8) and timestamped with the
 * time the report was emitted; the window bounds (event time) are in the payload. Stamping with the window end would
 * let the topic's retention delete reports about old windows (a backfill) before anyone read them (see
 * {@link io.clusterstream.stream.output.AssignmentSerializer}).
 */
public final class DriftReportSerializer implements KafkaRecordSerializationSchema<DriftReportRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    /** Writes to {@value Topics#DRIFT}. */
    public DriftReportSerializer() {
        this(Topics.DRIFT);
    }

    public DriftReportSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DriftReportRecord report, KafkaSinkContext context, Long timestamp) {
        byte[] key = DriftKeys.nullToEmpty(report.modelId).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, report.emittedTimeMs, key, DriftReports.toProto(report).toByteArray());
    }
}
