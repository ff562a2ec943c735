package io.clusterstream.stream.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link KafkaBroker} for the tests of one class. Register it on a static field:
 *
 * <pre>{@code @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();}</pre>
 *
 * <p>The broker starts before the first test and stops, together with the helper clients, after the last.
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback {

    private KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = KafkaBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (KafkaBroker b = broker) {
            broker = null;
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** Creates topics with one partition each. */
    public void createTopics(String... names) {
        started().createTopics(names);
    }

    /** Creates topics with {@code partitions} partitions each, and waits until they exist. */
    public void createTopics(int partitions, String... names) {
        started().createTopics(partitions, names);
    }

    /** Creates one topic with {@code partitions} partitions and the given topic configs. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        started().createTopic(name, partitions, configs);
    }

    /** The log start offset of each partition of {@code topic}; see {@link KafkaBroker#logStartOffsets}. */
    public Map<Integer, Long> logStartOffsets(String topic) {
        return started().logStartOffsets(topic);
    }

    /** See {@link KafkaBroker#send(String, Integer, byte[], byte[], Map)}. */
    public RecordMetadata send(String topic, Integer partition, byte[] key, byte[] value, Map<String, byte[]> headers) {
        return started().send(topic, partition, key, value, headers);
    }

    /** Sends one record without headers to a partition the producer chooses. */
    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        return started().send(topic, key, value);
    }

    /** Sends one record and waits until the broker has acknowledged it. */
    public RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        return started().send(record);
    }

    /** See {@link KafkaBroker#readAll}. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectedCount, Duration timeout) {
        return started().readAll(topic, expectedCount, timeout);
    }

    /** See {@link KafkaBroker#readAllUncommitted}. */
    public List<ConsumerRecord<byte[], byte[]>> readAllUncommitted(String topic, int expectedCount, Duration timeout) {
        return started().readAllUncommitted(topic, expectedCount, timeout);
    }

    private KafkaBroker started() {
        if (broker == null) {
            throw new IllegalStateException(
                    "Kafka is not running: register EmbeddedKafka with @RegisterExtension on a static field");
        }
        return broker;
    }
}
