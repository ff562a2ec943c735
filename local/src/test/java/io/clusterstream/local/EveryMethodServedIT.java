package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.clusterstream.core.data.Cifar10PngReader;
import io.clusterstream.core.data.DataSets;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every algorithm's snapshot is served by the same, unchanged stream job: the trainer CLI (a child JVM, as users run
 * it) fits each algorithm briefly on real CIFAR-10 images and publishes it as the next version of one model lineage;
 * the running job (a child JVM on its MiniCluster) hot-swaps to it, and its assignments of real images carry that
 * version and the clusters core's {@link ServingModel} gives the same images from that snapshot. The head type in the
 * manifest is all that differs between the versions; MiCE is served in both its forms, the stateless gating head and
 * the full posterior over the snapshot's frozen queue.
 */
class EveryMethodServedIT {

    private static final String MODEL_ID = "every-method";
    /** Tiny fits, and a gate that lets them through: this test is about serving, not quality. */
    private static final List<String> LEARNED = List.of("--epochs", "1", "--batch-size", "64", "--width", "0.125",
            "--threads", "1", "--queue", "256");
    private static final List<List<String>> ALGORITHMS = List.of(
            List.of("--algorithm", "RAW_KMEANS", "--restarts", "2"),
            learned("SIMCLR_KMEANS"),
            learned("CC"),
            // MiCE's default SGD rate 0.5 sometimes diverged within this 4-step fit (3 of 4 steps NaN in one of five
            // CI runs), leaving NaN features that the store rightly refused; a tenth of it keeps the fit finite
            learned("MICE", "--lr", "0.05", "--mice-serving", "GATING"),
            learned("MICE", "--lr", "0.05", "--mice-serving", "POSTERIOR"),
            learned("MIXEM"),
            learned("TCC"));
    private static final int TRAINING_IMAGES = 256;
    private static final int PROBES = 64;
    /** Upper bounds against a hang, not speed requirements. */
    private static final Duration TRAINING_PATIENCE = Duration.ofMinutes(5);
    private static final Duration SERVING_PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path folder;

    @Test
    void theJobServesEachAlgorithmsSnapshotWithTheClustersCoreAssigns() throws Exception {
        Path store = folder.resolve("store");
        Path logs = folder.resolve("logs");
        LabeledImages probes = new Cifar10PngReader(DataSets.cifar10Dir()).readTest();
        try (LocalKafka kafka = LocalKafka.start(folder.resolve("kafka"), 1);
                KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers());
                KafkaConsumer<byte[], byte[]> assignments = consumer(kafka.bootstrapServers())) {
            assignments.subscribe(List.of(Topics.ASSIGNMENTS));
            ChildJvm job = null;
            try {
                for (int i = 0; i < ALGORITHMS.size(); i++) {
                    long version = i + 1;
                    train(ALGORITHMS.get(i), store, kafka.bootstrapServers(), logs);
                    if (job == null) {
                        job = ChildJvm.start(streamJob(kafka.bootstrapServers(), store), logs);
                    }
                    Snapshot snapshot = new FileSnapshotStore(store).load(MODEL_ID, version);
                    Map<String, String> served = serveUntilVersion(version, probes, producer, assignments, job);
                    assertSameClustersAsCore(snapshot, probes, served);
                }
            } finally {
                if (job != null) {
                    job.close();
                }
            }
        }
    }

    /**
     * Sends rounds of the probe images until one round is assigned entirely by {@code version} (earlier rounds may
     * still meet the previous version while the job swaps); returns that round's cluster key per probe index.
     */
    private static Map<String, String> serveUntilVersion(long version, LabeledImages probes, KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> consumer, ChildJvm job) throws Exception {
        long deadline = System.nanoTime() + SERVING_PATIENCE.toNanos();
        Map<String, Map<String, String>> rounds = new HashMap<>();
        long lastRoundSentAt = 0;
        while (System.nanoTime() < deadline) {
            assertTrue(job.isAlive(), "the stream job exited; see " + job.log());
            if (System.nanoTime() - lastRoundSentAt > TimeUnit.SECONDS.toNanos(3)) {
                String round = "v" + version + "-" + UUID.randomUUID();
                rounds.put(round, new HashMap<>());
                for (int i = 0; i < PROBES; i++) {
                    send(producer, probes, i, round + "/" + i);
                }
                producer.flush();
                lastRoundSentAt = System.nanoTime();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
                String[] id = assignment.getEventId().split("/");
                Map<String, String> round = rounds.get(id[0]);
                if (round != null && assignment.getModel().getVersion() == version) {
                    assertEquals(MODEL_ID, assignment.getModel().getModelId());
                    round.put(id[1], assignment.getClusterKey());
                    if (round.size() == PROBES) {
                        return round;
                    }
                }
            }
        }
        throw new AssertionError("no complete round of " + PROBES + " images assigned by v" + version + " within "
                + SERVING_PATIENCE + "; see " + job.log());
    }

    private static void assertSameClustersAsCore(Snapshot snapshot, LabeledImages probes, Map<String, String> served) {
        List<PixelImage> images = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            images.add(probes.image(i));
        }
        try (ServingModel model = ServingModel.load(snapshot, ServingOptions.DEFAULTS)) {
            List<ServingModel.Served> expected = model.assign(images);
            int same = 0;
            for (int i = 0; i < PROBES; i++) {
                if (model.clusterKey(expected.get(i).assignment().clusterId()).equals(served.get(Integer.toString(i)))) {
                    same++;
                }
            }
            // Batches of other sizes may move an untrained model's near-ties by float rounding; anything more is a bug.
            assertTrue(same >= PROBES - 2, snapshot.manifest().getAlgorithm() + ": the job and core agree on " + same
                    + " of " + PROBES + " images");
        }
    }

    private static void train(List<String> fitArguments, Path store, String bootstrapServers, Path logs) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("train", "--data", "cifar10:" + DataSets.cifar10Dir(), "--split", "TRAIN",
                "--limit", Integer.toString(TRAINING_IMAGES), "--store", store.toString(), "--model-id", MODEL_ID,
                "--announce", bootstrapServers, "--clusters", "10", "--max-cluster-share", "1.0", "--min-agreement", "0", "--min-clusters", "1"));
        arguments.addAll(fitArguments);
        String name = "train-" + fitArguments.get(1).toLowerCase()
                + (fitArguments.contains("--mice-serving") ? "-" + fitArguments.get(fitArguments.size() - 1).toLowerCase() : "");
        try (ChildJvm training = ChildJvm.start(new ChildJvm.Command(name, ModuleJvms.classpath("trainer"), LocalCluster.TRAINER_MAIN,
                List.of("-Xmx2g"), arguments), logs)) {
            OptionalInt exit = training.waitFor(TRAINING_PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(OptionalInt.of(0), exit, name + " failed; see " + training.log() + ":\n" + tail(training.log()));
        }
    }

    private static ChildJvm.Command streamJob(String bootstrapServers, Path store) throws IOException {
        return new ChildJvm.Command("stream-job", ModuleJvms.classpath("stream-app"), LocalCluster.STREAM_JOB_MAIN, List.of("-Xmx1g"), List.of(
                "--bootstrap-servers", bootstrapServers,
                "--snapshot-store", store.toString(),
                "--model-id", MODEL_ID,
                "--checkpoint-interval", "PT1S",
                "--parallelism", "1",
                "--prometheus-port", Integer.toString(ModuleJvms.freePort()),
                "--web-ui-port", Integer.toString(ModuleJvms.freePort())));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, LabeledImages images, int index, String eventId) {
        byte[] pixels = new byte[images.imageLength()];
        images.copyPixels(index, pixels, 0);
        ImageEvent event = ImageEvent.newBuilder()
                .setEventId(eventId)
                .setEventTimeMs(System.currentTimeMillis())
                .setSource("every-method-it")
                .setRaw(RawImage.newBuilder().setWidth(images.width()).setHeight(images.height()).setChannels(images.channels())
                        .setLayout(PixelLayout.PIXEL_LAYOUT_PLANAR).setPixels(ByteString.copyFrom(pixels)))
                .build();
        producer.send(new ProducerRecord<>(Topics.IMAGES, eventId.getBytes(StandardCharsets.UTF_8), event.toByteArray()));
    }

    private static List<String> learned(String algorithm, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--algorithm", algorithm));
        arguments.addAll(LEARNED);
        arguments.addAll(List.of(extra));
        return arguments;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 10),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "every-method-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
