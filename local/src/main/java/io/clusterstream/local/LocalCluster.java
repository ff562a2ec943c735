package io.clusterstream.local;

import io.clusterstream.core.data.Cifar10PngReader;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service on one machine: the in-process broker, an initial snapshot when the store has none, the stream
 * job, the control app and the trainer's refit service as child JVMs, the replay producer and the live summary.
 * {@link #close()} stops everything in reverse order of starting.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    static final String TRAINER_MAIN = "io.clusterstream.trainer.TrainerMain";
    static final String STREAM_JOB_MAIN = "io.clusterstream.stream.StreamJobMain";
    static final String CONTROL_APP_MAIN = "io.clusterstream.stream.control.ControlAppMain";
    private static final long INITIAL_TRAINING_MINUTES = 60;

    private final LocalConfig config;
    private final PrintStream console;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private LocalKafka kafka;
    private LiveSummary summary;
    private ReplayProducer replay;

    private LocalCluster(LocalConfig config, PrintStream console) {
        this.config = config;
        this.console = console;
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static LocalCluster start(LocalConfig config, PrintStream console) throws Exception {
        LocalCluster cluster = new LocalCluster(config, console);
        try {
            cluster.startAll();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public ServiceTimeline timeline() {
        return summary.timeline();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The replay producer, whose counters tell how far the scenario is. */
    public ReplayProducer replay() {
        return replay;
    }

    private void startAll() throws Exception {
        Files.createDirectories(config.dataFolder());
        Folders.deleteRecursively(config.controlState());
        kafka = LocalKafka.start(config.kafkaLog(), 2);
        running.push(kafka);
        Files.writeString(config.dataFolder().resolve("bootstrap-servers"), kafka.bootstrapServers() + "\n");
        console.println("Kafka (in-process KRaft broker) on " + kafka.bootstrapServers()
                + " (also in " + config.dataFolder().resolve("bootstrap-servers") + ")");

        FileSnapshotStore store = new FileSnapshotStore(config.store());
        Optional<Snapshot> latest = store.latest(config.modelId());
        if (latest.isEmpty()) {
            trainInitialSnapshot();
        } else {
            console.println("serving the store's newest snapshot, " + config.modelId() + " v" + latest.get().version());
            announce(latest.get());
        }

        summary = new LiveSummary(kafka.bootstrapServers(), console, config.summaryPeriod());
        summary.start();
        running.push(summary);

        start(streamJob());
        start(controlApp());
        start(refitService());

        var images = new Cifar10PngReader(config.cifar10()).readTest();
        replay = new ReplayProducer(images, config.replay(), kafka.bootstrapServers(), Topics.IMAGES);
        replay.start();
        running.push(replay);
        LocalConfig.Ports ports = config.ports();
        console.printf("""
                replaying %d CIFAR-10 test images/s; the class mix shifts to classes %s after %s
                  Flink web UI         http://localhost:%d
                  stream job metrics   http://localhost:%d/metrics
                  trainer metrics      http://localhost:%d/metrics
                  control app metrics  http://localhost:%d/metrics
                  cluster catalog      http://localhost:%d/clusters?model=%s
                  logs                 %s
                Ctrl-C stops everything.
                """, Math.round(config.replay().imagesPerSecond()), config.replay().shiftedClasses(),
                config.replay().shiftAfter(), ports.flinkWebUi(), ports.jobMetrics(), ports.trainerMetrics(), ports.controlMetrics(),
                ports.catalog(), config.modelId(), config.logs());
    }

    private void trainInitialSnapshot() throws Exception {
        console.println("no snapshot of " + config.modelId() + " yet: training one on " + config.initialImages()
                + " CIFAR-10 training images (log: " + config.logs().resolve("initial-training.log") + ")");
        List<String> arguments = new ArrayList<>(List.of("train", "--data", "cifar10:" + config.cifar10(), "--split", "TRAIN",
                "--limit", Integer.toString(config.initialImages()), "--store", config.store().toString(),
                "--model-id", config.modelId(), "--announce", kafka.bootstrapServers()));
        arguments.addAll(config.fitArguments());
        try (ChildJvm training = ChildJvm.start(new ChildJvm.Command("initial-training", config.classpaths().trainer(),
                TRAINER_MAIN, List.of("-Xmx3g"), arguments), config.logs())) {
            OptionalInt exit = training.waitFor(INITIAL_TRAINING_MINUTES, TimeUnit.MINUTES);
            if (exit.isEmpty() || exit.getAsInt() != 0) {
                throw new IllegalStateException("the initial training failed (exit " + (exit.isEmpty() ? "timeout" : exit.getAsInt())
                        + "); see " + training.log());
            }
        }
    }

    /** Puts an existing snapshot's manifest on the (fresh) snapshots topic, as the trainer does after publishing. */
    private void announce(Snapshot snapshot) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, snapshot.modelId().getBytes(StandardCharsets.UTF_8),
                    snapshot.manifest().toByteArray())).get();
        }
    }

    private ChildJvm.Command streamJob() {
        LocalConfig.Drift drift = config.drift();
        return new ChildJvm.Command("stream-job", config.classpaths().streamApp(), STREAM_JOB_MAIN, List.of("-Xmx1500m"), List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--snapshot-store", config.store().toString(),
                "--model-id", config.modelId(),
                "--drift-window", drift.window().toString(),
                "--drift-min-count", Long.toString(drift.minCount()),
                "--checkpoint-interval", "PT2S",
                "--max-out-of-orderness", "PT2S",
                "--parallelism", Integer.toString(config.jobParallelism()),
                "--prometheus-port", Integer.toString(config.ports().jobMetrics()),
                "--web-ui-port", Integer.toString(config.ports().flinkWebUi())));
    }

    private ChildJvm.Command controlApp() {
        LocalConfig.Drift drift = config.drift();
        return new ChildJvm.Command("control-app", config.classpaths().streamApp(), CONTROL_APP_MAIN, List.of("-Xmx512m"), List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--state-dir", config.controlState().toString(),
                "--catalog-port", Integer.toString(config.ports().catalog()),
                "--prometheus-port", Integer.toString(config.ports().controlMetrics()),
                "--windows-over-threshold", Integer.toString(drift.windowsOverThreshold()),
                "--cooldown", drift.cooldown().toString(),
                "-X", "commit.interval.ms=1000"));
    }

    private ChildJvm.Command refitService() {
        List<String> arguments = new ArrayList<>(List.of("serve",
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--store", config.store().toString(),
                "--model-id", config.modelId(),
                "--interval", config.refit().interval().toString(),
                "--sample-last-n", Long.toString(config.refit().sampleLastN()),
                "--prometheus-port", Integer.toString(config.ports().trainerMetrics())));
        arguments.addAll(config.fitArguments());
        return new ChildJvm.Command("trainer-serve", config.classpaths().trainer(), TRAINER_MAIN, List.of("-Xmx2g"), arguments);
    }

    private void start(ChildJvm.Command command) throws IOException {
        running.push(ChildJvm.start(command, config.logs()));
    }

    /** The child JVMs that have exited on their own (a crash); empty while all run. */
    public List<String> exitedComponents() {
        return running.stream().filter(c -> c instanceof ChildJvm child && !child.isAlive())
                .map(c -> ((ChildJvm) c).name()).toList();
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", component, e);
            }
        }
    }
}
