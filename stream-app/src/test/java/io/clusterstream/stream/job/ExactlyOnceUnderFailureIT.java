package io.clusterstream.stream.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.Snapshot;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once end to end under failure: the unbounded job runs on a real broker and a Flink MiniCluster while image
 * events arrive in waves, and in the middle of the first waves its only TaskManager is killed (with the tasks, the
 * Kafka producers and their open transactions) and a fresh one started. Flink restores from the last checkpoint and
 * re-reads the images from Kafka, so events are processed more than once; the read_committed view of the assignments
 * must nonetheless hold every event exactly once. The read_uncommitted view, which also shows aborted transactions,
 * is only logged.
 */
class ExactlyOnceUnderFailureIT {

    private static final int PARALLELISM = 2;
    private static final int WAVES = 4;
    private static final int EVENTS_PER_WAVE = 200;
    private static final int EVENTS = WAVES * EVENTS_PER_WAVE;
    /** The TaskManager is killed during each of the first {@code FAILURES} waves. */
    private static final int FAILURES = 3;
    private static final int FIXTURE_IMAGES = 300;
    private static final long CHECKPOINT_INTERVAL_MS = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    @TempDir
    Path store;

    @Test
    void everyEventIsCommittedExactlyOnceThoughTheTaskManagerIsKilledMidStream(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        String prefix = "eo";
        String images = prefix + ".images";
        String snapshots = prefix + ".snapshots";
        String assignments = prefix + ".assignments";
        String deadLetters = prefix + ".dlq";
        String drift = prefix + ".drift";
        KAFKA.createTopics(PARALLELISM, images);
        KAFKA.createTopics(snapshots, assignments, deadLetters, drift);

        Snapshot snapshot = TestSnapshots.publishRawKMeans(store, "eo-model", 1, 10, 7);
        KAFKA.send(snapshots, bytes(snapshot.modelId()), snapshot.manifest().toByteArray());

        StreamExecutionEnvironment env = environment();
        ClusteringJob.build(env,
                KafkaSource.<KafkaRecord>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics(images)
                        .setGroupId("eo-" + images)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new KafkaRecordDeserializer())
                        .build(),
                KafkaSource.<SnapshotAnnouncement>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics(snapshots)
                        .setGroupId("eo-" + snapshots)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new SnapshotAnnouncementDeserializer())
                        .build(),
                new StoreModelLoader(store, ServingOptions.DEFAULTS),
                AssignConfig.defaults().withModelId("eo-model").withBatching(16, Duration.ofMillis(10)),
                DriftConfig.defaults(),
                Duration.ofSeconds(1),
                new ClusteringJob.Sinks(
                        exactlyOnceSink(new AssignmentSerializer(assignments, false), assignments),
                        exactlyOnceSink(new DeadLetterSerializer(deadLetters), deadLetters),
                        exactlyOnceSink(new DriftReportSerializer(drift), drift)));

        long started = System.nanoTime();
        JobClient job = env.executeAsync("exactly-once-under-failure");
        JobID jobId = job.getJobID();
        ExecutorService producer = Executors.newSingleThreadExecutor(r -> new Thread(r, "eo-image-producer"));
        int failures = 0;
        int liveTaskManager = 0; // MiniCluster keeps terminated TaskManagers in its list; a new one is appended
        try (CommittedView committed = new CommittedView(assignments)) {
            for (int wave = 0; wave < WAVES; wave++) {
                AtomicInteger sent = new AtomicInteger();
                int w = wave;
                Future<?> sending = producer.submit(() -> sendWave(images, w, sent));
                if (wave < FAILURES) {
                    // Kill only once the job demonstrably processes and commits this wave, while it is still arriving.
                    Set<String> waveIds = idsOfWave(wave);
                    await(job, () -> committed.poll().stream().anyMatch(waveIds::contains),
                            "committed output of wave " + wave);
                    int before = committed.size();
                    miniCluster.terminateTaskManager(liveTaskManager).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    failures++;
                    miniCluster.startTaskManager();
                    liveTaskManager++;
                    report("%.1f s: failure %d: killed the TaskManager with %d events committed and %d/%d of wave %d sent",
                            seconds(started), failures, before, sent.get(), EVENTS_PER_WAVE, wave);
                }
                sending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                report("%.1f s: wave %d sent; %d events committed so far", seconds(started), wave, committed.poll().size());
            }

            Set<String> expected = allIds();
            await(job, () -> committed.poll().containsAll(expected), "all " + EVENTS + " events committed");
            // A duplicate would be committed alongside the events around it; give the job two more checkpoints
            // (and thus commits) to produce one before stopping it.
            long[] baseline = {-1};
            await(job, () -> {
                long completed = completedCheckpoints(miniCluster, jobId);
                if (baseline[0] < 0) {
                    baseline[0] = completed;
                    return false;
                }
                return completed >= baseline[0] + 2;
            }, "two more checkpoints");
            committed.poll();
            assertEquals(Map.of(), committed.duplicates(), "no event committed twice while running");

            int minAttempt = minAttemptNumber(miniCluster, jobId);
            job.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            report("%.1f s: all committed; %d injected failures; every task is on attempt >= %d",
                    seconds(started), failures, minAttempt);
            assertEquals(FAILURES, failures);
            assertTrue(minAttempt >= FAILURES,
                    "every task restarted at least " + FAILURES + " times, but the lowest attempt number is " + minAttempt);
        } finally {
            producer.shutdownNow();
        }

        // A fresh read_committed consumer, read to the end of every partition: duplicates would show as extra records.
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(assignments, EVENTS, TIMEOUT);
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
            assertEquals(new String(record.key(), UTF_8), assignment.getEventId(), "keyed by event id");
            assertEquals(1, assignment.getModel().getVersion());
            ids.add(assignment.getEventId());
        }
        assertEquals(allIds(), new HashSet<>(ids), "no event lost");
        assertEquals(EVENTS, ids.size(), "no event duplicated");
        assertEquals(0, KAFKA.readAll(deadLetters, 0, Duration.ofSeconds(10)).size(), "no event dead-lettered");

        List<ConsumerRecord<byte[], byte[]>> uncommitted = KAFKA.readAllUncommitted(assignments, EVENTS, Duration.ofSeconds(10));
        long distinct = uncommitted.stream().map(r -> new String(r.key(), UTF_8)).distinct().count();
        report("read_uncommitted shows %d assignment records for %d distinct events (%d duplicates from aborted "
                + "or open transactions); read_committed shows exactly %d", uncommitted.size(), distinct,
                uncommitted.size() - distinct, ids.size());
    }

    private static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS);
        return env;
    }

    private static <T> KafkaSink<T> exactlyOnceSink(KafkaRecordSerializationSchema<T> serializer, String topic) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", "60000");
        return KafkaSink.<T>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("eo-" + topic)
                .setKafkaProducerConfig(producer)
                .build();
    }

    /** Sends one wave of real CIFAR events, spread over about two seconds so that a failure lands inside it. */
    private static void sendWave(String topic, int wave, AtomicInteger sent) {
        for (int i = 0; i < EVENTS_PER_WAVE; i++) {
            int n = wave * EVENTS_PER_WAVE + i;
            String id = eventId(wave, i);
            KAFKA.send(topic, n % PARALLELISM, bytes(id), ImageRecords.pngEvent(id, n % FIXTURE_IMAGES).toByteArray(), Map.of());
            sent.incrementAndGet();
            if (i % 10 == 9) {
                pause(100); // pacing, not synchronisation
            }
        }
    }

    private static String eventId(int wave, int i) {
        return "wave-" + wave + "-event-" + i;
    }

    private static Set<String> idsOfWave(int wave) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < EVENTS_PER_WAVE; i++) {
            ids.add(eventId(wave, i));
        }
        return ids;
    }

    private static Set<String> allIds() {
        Set<String> ids = new HashSet<>();
        for (int wave = 0; wave < WAVES; wave++) {
            ids.addAll(idsOfWave(wave));
        }
        return ids;
    }

    /** Checkpoints completed so far (over all restarts), or -1 while the job is not running. */
    private static long completedCheckpoints(MiniCluster miniCluster, JobID jobId) throws Exception {
        AccessExecutionGraph graph = miniCluster.getExecutionGraph(jobId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return graph.getState() == JobStatus.RUNNING
                ? graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints()
                : -1;
    }

    /** The lowest attempt number over all subtasks: how often even the least-restarted task was redeployed. */
    private static int minAttemptNumber(MiniCluster miniCluster, JobID jobId) throws Exception {
        AccessExecutionGraph graph = miniCluster.getExecutionGraph(jobId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        int min = Integer.MAX_VALUE;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            min = Math.min(min, vertex.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return min;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until {@code condition} holds; fails at once if the job has ended (say, out of restart attempts). */
    private static void await(JobClient job, Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.holds()) {
            JobStatus status = job.getJobStatus().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                throw new AssertionError("the job ended (" + status + ") while waiting for " + what,
                        job.getJobExecutionResult().handle((result, failure) -> failure).get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
            }
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Prints a line to the test's standard output, which the failsafe report keeps. Not through SLF4J: the Flink test
     * jars on the classpath bring a log4j2-test.properties that takes precedence over this module's log4j2-test.xml
     * and turns all logging off.
     */
    private static void report(String format, Object... args) {
        System.out.printf("ExactlyOnceUnderFailureIT: " + format + "%n", args);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** What a read_committed consumer of the assignments topic has seen so far, from the beginning of the topic. */
    private static final class CommittedView implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, Integer> counts = new HashMap<>();

        CommittedView(String topic) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads what has been committed since the last call; returns the ids of all events committed so far. */
        Set<String> poll() throws Exception {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                counts.merge(ClusterAssignment.parseFrom(record.value()).getEventId(), 1, Integer::sum);
            }
            return counts.keySet();
        }

        int size() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        Map<String, Integer> duplicates() {
            return counts.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
