package io.clusterstream.stream.job;

import io.clusterstream.stream.deadletter.DeadLetterSerializer;
import io.clusterstream.stream.drift.DriftReportRecord;
import io.clusterstream.stream.drift.DriftReportSerializer;
import io.clusterstream.stream.events.AssignmentRecord;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import io.clusterstream.stream.ingest.KafkaRecordDeserializer;
import io.clusterstream.stream.output.AssignmentSerializer;
import io.clusterstream.stream.snapshots.SnapshotAnnouncementDeserializer;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka sources and sinks, built from its configuration. */
public final class KafkaEndpoints {

    /** Kafka brokers cap transactions at 15 minutes by default; Flink's producer would ask for an hour. */
    private static final String DEFAULT_TRANSACTION_TIMEOUT_MS = "900000";

    public static KafkaSource<KafkaRecord> images(StreamJobConfig config) {
        return KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topics().images())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaRecordDeserializer())
                .setProperties(consumerProperties(config))
                .build();
    }

    /** Every job instance reads all announcements from the start (the topic is compacted: one per model). */
    public static KafkaSource<SnapshotAnnouncement> snapshots(StreamJobConfig config) {
        return KafkaSource.<SnapshotAnnouncement>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topics().snapshots())
                .setGroupId(config.groupId() + "-snapshots")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SnapshotAnnouncementDeserializer())
                .setProperties(consumerProperties(config))
                .build();
    }

    public static ClusteringJob.Sinks sinks(StreamJobConfig config) {
        return new ClusteringJob.Sinks(
                sink(config, "assignments", new AssignmentSerializer(config.topics().assignments(), config.emitEmbeddings())),
                sink(config, "dead-letters", new DeadLetterSerializer(config.topics().deadLetters())),
                sink(config, "drift", new DriftReportSerializer(config.topics().drift())));
    }

    private static <T> KafkaSink<T> sink(StreamJobConfig config, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        producer.putAll(config.kafkaProperties());
        producer.putIfAbsent("transaction.timeout.ms", DEFAULT_TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.deliveryGuarantee())
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setKafkaProducerConfig(producer)
                .build();
    }

    private static Properties consumerProperties(StreamJobConfig config) {
        Properties consumer = new Properties();
        consumer.putAll(config.kafkaProperties());
        // Our own snapshot and image producers may be transactional; never read what they abort.
        consumer.putIfAbsent("isolation.level", "read_committed");
        return consumer;
    }

    private KafkaEndpoints() {}
}
