package io.clusterstream.stream.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.drift.DriftThresholds;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.fixtures.DashboardQueries;
import io.clusterstream.core.fixtures.PrometheusScrape;
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
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
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

    private static final int PROMETHEUS_PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM + 2)
            .setConfiguration(MetricsReporting.prometheus(PROMETHEUS_PORT))
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
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("malformed-protobuf", ImageRecords.malformedProtobuf());
        bad.put("empty-value", new byte[0]);
        bad.put("truncated-png", ImageRecords.truncatedPng(5));
        bad.put("png-bomb", ImageRecords.pngHeaderDeclaring(100_000, 100_000));
        bad.put("webp", ImageRecords.webpHeader());
        bad.put("raw-wrong-size", ImageRecords.rawEventWithWrongSize("raw-wrong-size").toByteArray());
        bad.put("no-image", ImageRecords.eventWithoutImage("no-image").toByteArray());
        java.util.Iterator<Map.Entry<String, byte[]>> badOnes = bad.entrySet().iterator();
        for (int i = 0; i < good; i++) {
            // Half of the good events are protobuf ImageEvents, half bare PNG files as `kcat -P` would send them.
            byte[] value = i % 2 == 0 ? ImageRecords.pngEvent("img-" + i, i).toByteArray() : CifarFixture.pngBytes(i);
            Map<String, byte[]> headers = i % 2 == 0 ? Map.of() : Map.of("event-id", bytes("img-" + i), "label", bytes(Integer.toString(CifarFixture.label(i))));
            KAFKA.send(topics.images(), i % PARALLELISM, bytes("img-" + i), value, headers);
            if (i % 15 == 7 && badOnes.hasNext()) {
                Map.Entry<String, byte[]> next = badOnes.next();
                KAFKA.send(topics.images(), i % PARALLELISM, bytes(next.getKey()), next.getValue(), Map.of());
            }
        }
        assertTrue(!badOnes.hasNext(), "every bad input was sent");

        runBounded(topics, "e2e-model", DriftConfig.defaults());

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(topics.assignments(), good, TIMEOUT);
        assertEquals(good, records.size(), "every good image exactly once");
        Map<String, ClusterAssignment> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
            byId.put(assignment.getEventId(), assignment);
        }
        assertEquals(good, byId.size(), "no event assigned twice");
        try (ServingModel offline = ServingModel.load(snapshot, ServingOptions.DEFAULTS)) {
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

        List<ConsumerRecord<byte[], byte[]>> deadLetters = KAFKA.readAll(topics.deadLetters(), bad.size(), TIMEOUT);
        Map<String, String> reasons = deadLetters.stream().collect(Collectors.toMap(
                r -> new String(r.key(), UTF_8), r -> header(r, DeadLetterHeaders.REASON)));
        assertEquals(Map.of(
                "malformed-protobuf", "MALFORMED_PROTOBUF",
                "empty-value", "EMPTY_VALUE",
                "truncated-png", "IMAGE_TRUNCATED",
                "png-bomb", "IMAGE_TOO_LARGE",
                "webp", "IMAGE_UNSUPPORTED_FORMAT",
                "raw-wrong-size", "IMAGE_INVALID_RAW",
                "no-image", "NO_IMAGE"), reasons);
        for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
            byte[] original = bad.get(new String(deadLetter.key(), UTF_8));
            org.junit.jupiter.api.Assertions.assertArrayEquals(original, deadLetter.value() == null ? new byte[0] : deadLetter.value(),
                    "the dead letter keeps the original bytes");
        }
    }

    @Test
    void aNewSnapshotIsHotSwappedWithoutRestartAndACorruptOneIsRejected() throws Exception {
        TestTopics topics = TestTopics.named("swap");
        announce(topics, TestSnapshots.publishRawKMeans(store, "swap-model", 1, 10, 11));
        JobClient job = startUnbounded(topics, "swap-model");
        try {
            int sent = sendWave(topics, "first", 0, 40);
            assertEquals(sent, readAssignments(topics, sent).size());

            announce(topics, TestSnapshots.publishRawKMeans(store, "swap-model", 2, 8, 12));
            // Keep traffic flowing until the new version shows up, as it would in production.
            int wave = 0;
            while (readAssignments(topics, sent).values().stream().noneMatch(a -> a.getModel().getVersion() == 2)) {
                assertTrue(wave < 100, "version 2 never started serving");
                sent += sendWave(topics, "during-" + wave++, sent, 5);
            }
            int beforeCorrupt = sent;
            sent += sendWave(topics, "after-swap", sent, 30);

            Snapshot corrupt = TestSnapshots.publishRawKMeans(store, "swap-model", 3, 10, 13);
            java.nio.file.Files.write(corrupt.encoder(), new byte[] {1, 2, 3});
            announce(topics, corrupt);
            sent += sendWave(topics, "after-corrupt", sent, 30);

            Map<String, ClusterAssignment> assignments = readAssignments(topics, sent);
            assertEquals(sent, assignments.size(), "every event assigned exactly once across the swap");
            for (int i = beforeCorrupt; i < sent; i++) {
                int index = i;
                ClusterAssignment assignment = assignments.values().stream()
                        .filter(a -> a.getEventId().endsWith("#" + index)).findFirst().orElseThrow();
                assertEquals(2, assignment.getModel().getVersion(), assignment.getEventId());
            }
            assertTrue(assignments.values().stream().noneMatch(a -> a.getModel().getVersion() == 3),
                    "the corrupt snapshot must never serve");

            // Announcements are handled in order, so once v4 serves, v3 was seen and rejected, and the job still
            // takes later good versions.
            announce(topics, TestSnapshots.publishRawKMeans(store, "swap-model", 4, 10, 14));
            wave = 0;
            while (readAssignments(topics, sent).values().stream().noneMatch(a -> a.getModel().getVersion() == 4)) {
                assertTrue(wave < 100, "version 4 never started serving");
                sent += sendWave(topics, "after-v4-" + wave++, sent, 5);
            }
            assertTrue(readAssignments(topics, sent).values().stream().noneMatch(a -> a.getModel().getVersion() == 3));
            assertEquals(org.apache.flink.api.common.JobStatus.RUNNING, job.getJobStatus().get(), "no restart, no failure");

            // The same story in the operator metrics, scraped from Flink's Prometheus reporter: every subtask
            // swapped twice (v1 -> v2 -> v4) and rejected v3 once.
            String metrics = scrape();
            assertEquals(2 * PARALLELISM, sum(metrics, "flink_taskmanager_job_task_operator_modelSwaps", job), metrics);
            assertEquals(PARALLELISM, sum(metrics, "flink_taskmanager_job_task_operator_rejectedSnapshots", job));
            assertEquals(sent, sum(metrics, "flink_taskmanager_job_task_operator_assignmentsOut", job));
            assertEquals(4 * PARALLELISM, sum(metrics, "flink_taskmanager_job_task_operator_modelVersion", job));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void eventsThatArriveBeforeAnyModelWaitAndAreAllAssignedOnceOneIsPublished() throws Exception {
        TestTopics topics = TestTopics.named("wait");
        JobClient job = startUnbounded(topics, "wait-model");
        try {
            int sent = sendWave(topics, "early", 0, 30);
            // No snapshot exists yet: every event must be held, none dropped or dead-lettered.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (sum(scrape(), "flink_taskmanager_job_task_operator_waitingEvents", job) < sent) {
                assertTrue(System.nanoTime() < deadline, "events never reached the waiting state");
                Thread.sleep(100);
            }

            announce(topics, TestSnapshots.publishRawKMeans(store, "wait-model", 1, 10, 11));

            Map<String, ClusterAssignment> assignments = readAssignments(topics, sent);
            assertEquals(sent, assignments.size());
            assertTrue(assignments.values().stream().allMatch(a -> a.getModel().getVersion() == 1));
            assertEquals(0, KAFKA.readAll(topics.deadLetters(), 0, Duration.ofSeconds(2)).size());
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aShiftedClassMixRaisesADriftAlertAndAStableOneDoesNot() throws Exception {
        TestTopics topics = TestTopics.named("drift");
        announce(topics, TestSnapshots.publishRawKMeans(store, "drift-model", 1, 10, 11));
        long minute = 60_000;
        long stableWindow = 1_700_000_000_000L / minute * minute;
        long shiftedWindow = stableWindow + minute;
        // Window 1: exactly the training images, so the cluster mix equals the reference.
        for (int i = 0; i < CifarFixture.SIZE; i++) {
            sendAt(topics, "stable-" + i, i, stableWindow + i * 10L);
        }
        // Window 2: only airplanes and automobiles (classes 0 and 1), repeated to the same volume.
        int[] shifted = java.util.stream.IntStream.range(0, CifarFixture.SIZE).filter(i -> CifarFixture.label(i) <= 1).toArray();
        for (int i = 0; i < CifarFixture.SIZE; i++) {
            sendAt(topics, "shifted-" + i, shifted[i % shifted.length], shiftedWindow + i * 10L);
        }

        runBounded(topics, "drift-model", new DriftConfig(Duration.ofMinutes(1), false,
                new DriftThresholds(50, 0.3, 0.5, Double.NaN, Double.NaN, Double.NaN)));

        Map<Long, io.clusterstream.schemas.v1.DriftReport> reports = KAFKA.readAll(topics.drift(), 2, TIMEOUT).stream()
                .map(r -> parseDrift(r.value()))
                .collect(Collectors.toMap(io.clusterstream.schemas.v1.DriftReport::getWindowStartMs, r -> r));
        assertEquals(java.util.Set.of(stableWindow, shiftedWindow), reports.keySet());
        io.clusterstream.schemas.v1.DriftReport stable = reports.get(stableWindow);
        io.clusterstream.schemas.v1.DriftReport drifted = reports.get(shiftedWindow);
        assertEquals(CifarFixture.SIZE, stable.getCount());
        assertTrue(!stable.getAlert(), "stable window alerted: " + stable.getAlertReason());
        assertEquals(0.0, stable.getStatistics().getJsDivergence(), 1e-9);
        assertTrue(drifted.getAlert(), "shifted window did not alert: " + drifted.getStatistics());
        assertTrue(drifted.getAlertReason().contains("cluster mix w="), drifted.getAlertReason());
    }

    @Test
    void everyFlinkMetricTheGrafanaDashboardQueriesIsExported() throws Exception {
        TestTopics topics = TestTopics.named("dashboard");
        JobClient job = startUnbounded(topics, "dashboard-model");
        try {
            // A dead letter, so the per-reason counter exists too, then a served wave.
            KAFKA.send(topics.images(), 0, bytes("bad"), ImageRecords.malformedProtobuf(), Map.of());
            announce(topics, TestSnapshots.publishRawKMeans(store, "dashboard-model", 1, 10, 11));
            int sent = sendWave(topics, "dashboard", 0, 20);
            KAFKA.readAll(topics.deadLetters(), 1, TIMEOUT);
            assertEquals(sent, readAssignments(topics, sent).size());

            String metrics = scrape();
            java.util.Set<String> queried = DashboardQueries.metricNames();
            java.util.Set<String> pending = DashboardQueries.pendingNames();
            java.util.Set<String> otherServices = DashboardQueries.exportedByServices();
            assertTrue(queried.stream().anyMatch(name -> name.startsWith("flink_")), "the dashboard queries the job's metrics");
            for (String metric : queried) {
                if (metric.startsWith("flink_")) {
                    assertTrue(DashboardQueries.exported(metrics, metric), metric + " is queried by the dashboard but not exported");
                    assertTrue(!pending.contains(metric), metric + " is exported, so it is not pending");
                } else {
                    assertTrue(pending.contains(metric) || otherServices.contains(metric), metric
                            + " is queried but neither exported here nor listed in " + DashboardQueries.EXPORTED + " or " + DashboardQueries.PENDING);
                }
            }
        } finally {
            job.cancel().get();
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String scrape() throws Exception {
        return PrometheusScrape.text(PROMETHEUS_PORT);
    }

    /** Sums a metric of one job over all its label sets (one per subtask). */
    private static long sum(String exposition, String metric, JobClient job) {
        String jobLabel = "job_id=\"" + job.getJobID().toHexString() + "\"";
        return Math.round(exposition.lines()
                .filter(line -> line.startsWith(metric + "{") && line.contains(jobLabel))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }

    private static io.clusterstream.schemas.v1.DriftReport parseDrift(byte[] value) {
        try {
            return io.clusterstream.schemas.v1.DriftReport.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void sendAt(TestTopics topics, String eventId, int index, long eventTimeMs) {
        byte[] value = ImageRecords.pngEvent(eventId, index).toBuilder().setEventTimeMs(eventTimeMs).build().toByteArray();
        KAFKA.send(topics.images(), index % PARALLELISM, bytes(eventId), value, Map.of());
    }

    /** Sends {@code count} events with ids {@code <wave>#<n>}, n counting on from {@code first}; returns count. */
    private static int sendWave(TestTopics topics, String wave, int first, int count) {
        for (int n = first; n < first + count; n++) {
            String id = wave + "#" + n;
            KAFKA.send(topics.images(), n % PARALLELISM, bytes(id), ImageRecords.pngEvent(id, n % CifarFixture.SIZE).toByteArray(), Map.of());
        }
        return count;
    }

    private static Map<String, ClusterAssignment> readAssignments(TestTopics topics, int expected) {
        Map<String, ClusterAssignment> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readAll(topics.assignments(), expected, TIMEOUT)) {
            try {
                ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
                assertTrue(byId.put(assignment.getEventId(), assignment) == null, "duplicate " + assignment.getEventId());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return byId;
    }

    private JobClient startUnbounded(TestTopics topics, String modelId) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.configure(new Configuration().set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none"));
        build(env, topics, modelId, DriftConfig.defaults(), false);
        return env.executeAsync("clustering-it-unbounded");
    }

    private void runBounded(TestTopics topics, String modelId, DriftConfig drift) throws Exception {
        StreamExecutionEnvironment env = environment();
        build(env, topics, modelId, drift, true);
        env.execute("clustering-it");
    }

    /** The job on the test's topics; bounded sources stop at the offsets that are the latest when it starts. */
    private void build(StreamExecutionEnvironment env, TestTopics topics, String modelId, DriftConfig drift, boolean bounded) {
        KafkaSourceBuilder<KafkaRecord> images = KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setTopics(topics.images())
                .setGroupId("it-" + topics.images())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordDeserializer());
        KafkaSourceBuilder<SnapshotAnnouncement> snapshots = KafkaSource.<SnapshotAnnouncement>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setTopics(topics.snapshots())
                .setGroupId("it-" + topics.snapshots())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SnapshotAnnouncementDeserializer());
        if (bounded) {
            images.setBounded(OffsetsInitializer.latest());
            snapshots.setBounded(OffsetsInitializer.latest());
        }
        ClusteringJob.build(env, images.build(), snapshots.build(),
                new StoreModelLoader(store, ServingOptions.DEFAULTS),
                AssignConfig.defaults().withModelId(modelId).withBatching(16, Duration.ofMillis(10)),
                drift,
                Duration.ofSeconds(1),
                sinks(topics));
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
