package io.clusterstream.trainer.publish;

import io.clusterstream.core.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Announces a published snapshot on the snapshots topic: its manifest, keyed by model id (the topic is compacted). */
public final class SnapshotAnnouncer {

    public static void announce(Snapshot snapshot, String bootstrapServers, String topic, Map<String, String> kafkaProperties)
            throws Exception {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, snapshot.modelId().getBytes(StandardCharsets.UTF_8),
                    snapshot.manifest().toByteArray())).get();
        }
    }

    private SnapshotAnnouncer() {}
}
