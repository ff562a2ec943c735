package io.clusterstream.stream;

import io.clusterstream.core.image.DecodeLimits;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.stream.assign.AssignConfig;
import io.clusterstream.stream.assign.StoreModelLoader;
import io.clusterstream.stream.drift.DriftConfig;
import io.clusterstream.stream.job.ClusteringJob;
import io.clusterstream.stream.job.KafkaEndpoints;
import io.clusterstream.stream.job.MetricsReporting;
import io.clusterstream.stream.job.StreamJobConfig;
import io.clusterstream.core.drift.DriftThresholds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the Flink clustering job: parses the configuration, wires Kafka and the snapshot store, runs. */
@Command(
        name = "stream-job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Clusters Kafka image events online with the latest published snapshot.")
public final class StreamJobMain implements Callable<Integer> {

    /** A scheme followed by {@code ://}, e.g. s3://; anything else is taken as a local folder. */
    private static final Pattern REMOTE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--snapshot-store", required = true,
            description = "Snapshot store: a local folder, or a URI read through Flink file systems such as s3://bucket/prefix.")
    String snapshotStore;

    @Option(names = "--model-id", defaultValue = AssignConfig.DEFAULT_MODEL_ID, description = "Model lineage to serve (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--group-id", defaultValue = "clusterstream-stream-job", description = "Kafka consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--images-topic", defaultValue = io.clusterstream.schemas.Topics.IMAGES, description = "(default: ${DEFAULT-VALUE})")
    String imagesTopic;

    @Option(names = "--snapshots-topic", defaultValue = io.clusterstream.schemas.Topics.SNAPSHOTS, description = "(default: ${DEFAULT-VALUE})")
    String snapshotsTopic;

    @Option(names = "--assignments-topic", defaultValue = io.clusterstream.schemas.Topics.ASSIGNMENTS, description = "(default: ${DEFAULT-VALUE})")
    String assignmentsTopic;

    @Option(names = "--drift-topic", defaultValue = io.clusterstream.schemas.Topics.DRIFT, description = "(default: ${DEFAULT-VALUE})")
    String driftTopic;

    @Option(names = "--dlq-topic", defaultValue = io.clusterstream.schemas.Topics.DEAD_LETTERS, description = "(default: ${DEFAULT-VALUE})")
    String deadLetterTopic;

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE", description = "EXACTLY_ONCE or AT_LEAST_ONCE (default: ${DEFAULT-VALUE}).")
    DeliveryGuarantee delivery;

    @Option(names = "--transactional-id-prefix", defaultValue = "clusterstream", description = "(default: ${DEFAULT-VALUE})")
    String transactionalIdPrefix;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--batch-size", defaultValue = "64", description = "Images embedded together at most (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batch-delay", defaultValue = "PT0.02S", description = "Longest wait for a batch to fill (default: ${DEFAULT-VALUE}).")
    Duration batchDelay;

    @Option(names = "--max-waiting-events", defaultValue = "10000", description = "Events held per subtask before any model is loaded (default: ${DEFAULT-VALUE}).")
    int maxWaitingEvents;

    @Option(names = "--max-image-pixels", defaultValue = "50000000", description = "Larger images are dead-lettered (default: ${DEFAULT-VALUE}).")
    long maxImagePixels;

    @Option(names = "--max-image-bytes", defaultValue = "33554432", description = "Larger payloads are dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxImageBytes;

    @Option(names = "--top-k", defaultValue = "3", description = "Clusters reported per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--inference-threads", defaultValue = "1", description = "ONNX Runtime threads per subtask (default: ${DEFAULT-VALUE}).")
    int inferenceThreads;

    @Option(names = "--emit-embeddings", description = "Include the embedding in every assignment.")
    boolean emitEmbeddings;

    @Option(names = "--drift-window", defaultValue = "PT1M", description = "Drift window length (default: ${DEFAULT-VALUE}).")
    Duration driftWindow;

    @Option(names = "--drift-per-source", description = "Also report drift per image source.")
    boolean driftPerSource;

    @Option(names = "--drift-min-count", defaultValue = "100", description = "Smallest window that may alert (default: ${DEFAULT-VALUE}).")
    long driftMinCount;

    @Option(names = "--max-out-of-orderness", defaultValue = "PT5S", description = "Event-time lateness tolerated (default: ${DEFAULT-VALUE}).")
    Duration maxOutOfOrderness;

    @Option(names = "--parallelism", defaultValue = "0", description = "Job parallelism; 0 keeps Flink's default.")
    int parallelism;

    @Option(names = "--prometheus-port", description = "When the job runs in this JVM (no Flink cluster), export its metrics "
            + "for Prometheus on this port. On a cluster, configure the reporter in the cluster's configuration instead.")
    Integer prometheusPort;

    @Option(names = "--web-ui-port", description = "When the job runs in this JVM, serve Flink's web UI on this port of localhost.")
    Integer webUiPort;

    @Option(names = {"-X", "--kafka-property"}, description = "Kafka client property passed through, e.g. -X security.protocol=SASL_SSL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamJobMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StreamJobConfig config = config();
        org.apache.flink.configuration.Configuration flinkConfig =
                prometheusPort == null ? new org.apache.flink.configuration.Configuration() : MetricsReporting.prometheus(prometheusPort);
        StreamExecutionEnvironment env;
        if (webUiPort == null) {
            env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig);
        } else {
            flinkConfig.set(org.apache.flink.configuration.RestOptions.BIND_ADDRESS, "127.0.0.1");
            flinkConfig.set(org.apache.flink.configuration.RestOptions.PORT, webUiPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConfig);
        }
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        ClusteringJob.build(env,
                KafkaEndpoints.images(config),
                KafkaEndpoints.snapshots(config),
                new StoreModelLoader(config.snapshotStore(), config.serving()),
                config.assign(),
                config.drift(),
                config.maxOutOfOrderness(),
                KafkaEndpoints.sinks(config));
        env.execute("clusterstream " + config.assign().modelId());
        return 0;
    }

    private URI snapshotStoreUri() {
        if (REMOTE_URI.matcher(snapshotStore).matches()) {
            try {
                return new URI(snapshotStore);
            } catch (URISyntaxException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--snapshot-store " + snapshotStore + " is not a valid URI: " + e.getReason());
            }
        }
        Path folder = Path.of(snapshotStore);
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--snapshot-store " + snapshotStore + " is not a folder");
        }
        return folder.toAbsolutePath().toUri();
    }

    StreamJobConfig config() {
        URI store = snapshotStoreUri();
        try {
            return new StreamJobConfig(
                    bootstrapServers,
                    new StreamJobConfig.TopicNames(imagesTopic, snapshotsTopic, assignmentsTopic, driftTopic, deadLetterTopic),
                    groupId,
                    store,
                    new AssignConfig(modelId, batchSize, batchDelay, maxWaitingEvents, new DecodeLimits(maxImagePixels, maxImageBytes)),
                    new DriftConfig(driftWindow, driftPerSource, new DriftThresholds(driftMinCount, 0.3, 0.5, 0.5, Double.NaN, Double.NaN)),
                    delivery,
                    transactionalIdPrefix,
                    checkpointInterval,
                    maxOutOfOrderness,
                    emitEmbeddings,
                    new ServingOptions(topK, inferenceThreads, Double.NaN),
                    Map.copyOf(kafkaProperties));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
