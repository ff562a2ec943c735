package io.clusterstream.stream.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.drift.DriftThresholds;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.stream.assign.AssignConfig;
import io.clusterstream.stream.assign.StoreModelLoader;
import io.clusterstream.stream.deadletter.DeadLetterSerializer;
import io.clusterstream.stream.drift.DriftConfig;
import io.clusterstream.stream.drift.DriftReportSerializer;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import io.clusterstream.stream.ingest.KafkaRecordDeserializer;
import io.clusterstream.stream.output.AssignmentSerializer;
import io.clusterstream.stream.snapshots.SnapshotAnnouncementDeserializer;
import io.clusterstream.stream.testing.EmbeddedKafka;
import io.clusterstream.stream.testing.ImageRecords;
import io.clusterstream.stream.testing.TestSnapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a real broker and a Flink MiniCluster, with real CIFAR-10 images and real snapshots. */
class ClusteringJobIT {

    private static final int PARALLELISM = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM + 2)
            .build());

    @TempDir
    Path store;

    /** Topic names of one test, so tests sharing the broker never see each other's records. */
    private record TestTopics(String images, String snapshots, String assignments, String drift, String deadLetters) {
        static TestTopics named(String prefix) {
            TestTopics topics = new TestTopics(prefix + ".images", prefix + ".snapshots", prefix + ".assignments",
                    prefix + ".drift", prefix + ".dlq");
            KAFKA.createTopics(PARALLELISM, topics.images());
            KAFKA.createTopics(topics.snapshots(), topics.assignments(), topics.drift(), topics.deadLetters());
            return topics;
        }
    }

    @Test
    void everyGoodImageIsAssignedOnceExactlyAsOfflineServingAndBadOnesAreDeadLettered() throws Exception {
        TestTopics topics = TestTopics.named("e2e");
        Snapshot snapshot = TestSnapshots.publishRawKMeans(store, "e2e-model", 1, 10, 11);
        announce(topics, snapshot);
        int good = 120;
        for (int i = 0; i < good; i++) {
            KAFKA.send(topics.images(), i % PARALLELISM, bytes("img-" + i), ImageRecords.pngEvent("img-" + i, i).toByteArray(), Map.of());
            if (i % 40 == 0) {
                KAFKA.send(topics.images(), i % PARALLELISM, bytes("bad-" + i), ImageRecords.truncatedPng(i), Map.of());
            }
        }
        KAFKA.send(topics.images(), 0, bytes("bomb"), ImageRecords.pngHeaderDeclaring(100_000, 100_000), Map.of());

        runBounded(topics, "e2e-model", DriftConfig.defaults());

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(topics.assignments(), good, TIMEOUT);
        assertEquals(good, records.size(), "every good image exactly once");
        Map<String, ClusterAssignment> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
            byId.put(assignment.getEventId(), assignment);
        }
        assertEquals(good, byId.size(), "no event assigned twice");
        try (ServingModel offline = ServingModel.load(snapshot.manifest(), snapshot.encoder(), ServingOptions.DEFAULTS)) {
            List<ServingModel.Served> expected = offline.assign(
                    java.util.stream.IntStream.range(0, good).mapToObj(CifarFixture::image).toList());
            for (int i = 0; i < good; i++) {
                ClusterAssignment actual = byId.get("img-" + i);
                ServingModel.Served want = expected.get(i);
                assertEquals(want.assignment().clusterId(), actual.getClusterId(), "img-" + i);
                assertEquals(want.assignment().confidence(), actual.getConfidence(), 1e-6, "img-" + i);
                assertEquals(offline.clusterKey(want.assignment().clusterId()), actual.getClusterKey());
                assertEquals(1, actual.getModel().getVersion());
                assertEquals("e2e-model", actual.getModel().getModelId());
                assertEquals(CifarFixture.label(i), actual.getLabel());
            }
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = KAFKA.readAll(topics.deadLetters(), 4, TIMEOUT);
        Map<String, String> reasons = deadLetters.stream().collect(Collectors.toMap(
                r -> new String(r.key(), UTF_8), r -> header(r, DeadLetterHeaders.REASON)));
        assertEquals(Map.of("bad-0", "IMAGE_TRUNCATED", "bad-40", "IMAGE_TRUNCATED", "bad-80", "IMAGE_TRUNCATED",
                "bomb", "IMAGE_TOO_LARGE"), reasons);
    }

    private void runBounded(TestTopics topics, String modelId, DriftConfig drift) throws Exception {
        StreamExecutionEnvironment env = environment();
        ClusteringJob.build(env,
                KafkaSource.<KafkaRecord>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics(topics.images())
                        .setGroupId("it-" + topics.images())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new KafkaRecordDeserializer())
                        .build(),
                KafkaSource.<SnapshotAnnouncement>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics(topics.snapshots())
                        .setGroupId("it-" + topics.snapshots())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new SnapshotAnnouncementDeserializer())
                        .build(),
                new StoreModelLoader(store, ServingOptions.DEFAULTS),
                AssignConfig.defaults().withModelId(modelId).withBatching(16, Duration.ofMillis(10)),
                drift,
                Duration.ofSeconds(1),
                sinks(topics));
        env.execute("clustering-it");
    }

    static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(500);
        return env;
    }

    static ClusteringJob.Sinks sinks(TestTopics topics) {
        return new ClusteringJob.Sinks(
                sink(new AssignmentSerializer(topics.assignments(), false), topics.assignments()),
                sink(new DeadLetterSerializer(topics.deadLetters()), topics.deadLetters()),
                sink(new DriftReportSerializer(topics.drift()), topics.drift()));
    }

    private static <T> KafkaSink<T> sink(KafkaRecordSerializationSchema<T> serializer, String name) {
        java.util.Properties producer = new java.util.Properties();
        producer.setProperty("transaction.timeout.ms", "60000");
        return KafkaSink.<T>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("it-" + name)
                .setKafkaProducerConfig(producer)
                .build();
    }

    static void announce(TestTopics topics, Snapshot snapshot) {
        KAFKA.send(topics.snapshots(), bytes(snapshot.modelId()), snapshot.manifest().toByteArray());
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
