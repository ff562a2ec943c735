package io.clusterstream.stream.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node Kafka (one combined KRaft broker and controller) in this JVM, configured so that transactions and
 * consumer groups work with one broker, plus the helper clients tests need. Plain {@link AutoCloseable}, for code
 * outside JUnit (the benchmarks); tests register it through {@link EmbeddedKafka}.
 *
 * <pre>{@code try (KafkaBroker kafka = KafkaBroker.start()) { ... }}</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** How often the broker looks for records to delete by retention ({@code log.retention.check.interval.ms}). */
    public static final Duration RETENTION_CHECK_INTERVAL = Duration.ofMillis(200);

    private KafkaClusterTestKit cluster;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    private KafkaBroker() {}

    /** Formats and starts a fresh broker and waits until it is ready. */
    public static KafkaBroker start() throws Exception {
        KafkaBroker broker = new KafkaBroker();
        try {
            broker.startup();
        } catch (Throwable e) {
            try {
                broker.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return broker;
    }

    private void startup() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // No time-based retention. The job stamps assignments with their event time and drift reports with
                // their window end (see AssignmentSerializer), and the fixtures' event times are fixed dates in 2023
                // (ImageRecords, the benchmarks), far older than the default retention.ms of 7 days. With it, the
                // broker's retention check deletes those records from the output topics: the first check runs
                // log.initial.task.delay.ms (30 s by default) after start-up, so whatever a test or benchmark job had
                // written by then silently vanished from the topic, committed or not.
                .setConfigProp("log.retention.ms", "-1")
                // Run the retention check at once and often, so that a topic that does expire its records (and a
                // regression of the line above) shows within a second, not after half a minute.
                .setConfigProp("log.initial.task.delay.ms", "0")
                .setConfigProp("log.retention.check.interval.ms", String.valueOf(RETENTION_CHECK_INTERVAL.toMillis()))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the helper clients and the broker. */
    @Override
    public void close() throws Exception {
        // Clients first, so that they do not spend the shutdown reconnecting to a broker that is going away.
        try (KafkaClusterTestKit c = cluster; Admin a = admin; KafkaProducer<byte[], byte[]> p = producer) {
            producer = null;
            admin = null;
            cluster = null;
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** Creates topics with one partition each. */
    public void createTopics(String... names) {
        createTopics(1, names);
    }

    /** Creates topics with {@code partitions} partitions each, and waits until they exist. */
    public void createTopics(int partitions, String... names) {
        started();
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .collect(Collectors.toList());
        try {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + Arrays.toString(names), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(names), e);
        }
    }

    /** Creates one topic with {@code partitions} partitions and the given topic configs, and waits until it exists. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        started();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /**
     * The log start offset of each partition of {@code topic}: above 0 when the broker has deleted records from the
     * beginning (retention), which no consumer can then read, in any isolation level.
     */
    public Map<Integer, Long> logStartOffsets(String topic) {
        started();
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.earliest()));
            Map<Integer, Long> offsets = new TreeMap<>();
            admin.listOffsets(request).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the offsets of " + topic, e);
        }
    }

    /**
     * Sends one record and waits until the broker has acknowledged it.
     *
     * @param partition the partition, or null to let the producer choose
     * @param headers   header values by name, in iteration order; null values are allowed
     * @return where the record was written
     */
    public RecordMetadata send(String topic, Integer partition, byte[] key, byte[] value, Map<String, byte[]> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach(recordHeaders::add);
        return send(new ProducerRecord<>(topic, partition, key, value, recordHeaders));
    }

    /** Sends one record without headers to a partition the producer chooses. */
    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        return send(topic, null, key, value, Map.of());
    }

    /** Sends one record and waits until the broker has acknowledged it. */
    public RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e.getCause());
        }
    }

    /**
     * Reads the committed records of {@code topic} from the beginning (isolation level {@code read_committed}),
     * until at least {@code expectedCount} have arrived and the end of every partition has been reached, or until
     * {@code timeout} has passed. Reading on to the end means duplicates show up as more records than expected.
     *
     * @return the records read, in partition order, each partition in offset order; fewer than expected on timeout
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectedCount, Duration timeout) {
        return read(topic, expectedCount, timeout, IsolationLevel.READ_COMMITTED);
    }

    /** As {@link #readAll}, but also returns records of open and aborted transactions ({@code read_uncommitted}). */
    public List<ConsumerRecord<byte[], byte[]>> readAllUncommitted(String topic, int expectedCount, Duration timeout) {
        return read(topic, expectedCount, timeout, IsolationLevel.READ_UNCOMMITTED);
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int expectedCount, Duration timeout,
            IsolationLevel isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Assigned rather than subscribed: no group, so no rebalance to wait for.
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                if (records.size() >= expectedCount && atEnd(consumer, partitions)) {
                    break;
                }
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** Whether the consumer has read up to the end (for read_committed: the last stable offset) of each partition. */
    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        started();
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaClusterTestKit started() {
        if (cluster == null) {
            throw new IllegalStateException("Kafka is not running");
        }
        return cluster;
    }
}
