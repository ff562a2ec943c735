package io.clusterstream.stream.control;

import io.clusterstream.schemas.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the Kafka Streams control app: tags assignments, turns drift into refit requests and serves the
 * cluster catalog over HTTP. Runs until stopped (SIGINT/SIGTERM close it gracefully); exits non-zero on bad options
 * or when the app stops after an error.
 */
@Command(
        name = "control-app",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Tags cluster assignments, requests refits on persistent drift and serves the cluster catalog.")
public final class ControlAppMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlAppMain.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--application-id", defaultValue = "clusterstream-control", description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--assignments-topic", defaultValue = Topics.ASSIGNMENTS, description = "(default: ${DEFAULT-VALUE})")
    String assignmentsTopic;

    @Option(names = "--tags-topic", defaultValue = Topics.TAGS, description = "(default: ${DEFAULT-VALUE})")
    String tagsTopic;

    @Option(names = "--drift-topic", defaultValue = Topics.DRIFT, description = "(default: ${DEFAULT-VALUE})")
    String driftTopic;

    @Option(names = "--tagged-topic", defaultValue = Topics.TAGGED, description = "(default: ${DEFAULT-VALUE})")
    String taggedTopic;

    @Option(names = "--refit-requests-topic", defaultValue = Topics.REFIT_REQUESTS, description = "(default: ${DEFAULT-VALUE})")
    String refitRequestsTopic;

    @Option(names = "--windows-over-threshold", defaultValue = "3", description = "Consecutive alerting drift windows that trigger a refit request (default: ${DEFAULT-VALUE}).")
    int windowsOverThreshold;

    @Option(names = "--novelty-rate-trigger", defaultValue = "0.2", description = "A drift window whose novelty rate exceeds this triggers a refit request (default: ${DEFAULT-VALUE}).")
    double noveltyRateTrigger;

    @Option(names = "--cooldown", defaultValue = "PT10M", description = "ISO-8601 duration of event time after a refit request during which the model gets no other (default: ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(names = "--catalog-host", defaultValue = "127.0.0.1", description = "Address the catalog endpoint binds to (default: ${DEFAULT-VALUE}).")
    String catalogHost;

    @Option(names = "--catalog-port", defaultValue = "8089", description = "Port of the catalog endpoint; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int catalogPort;

    @Option(names = "--prometheus-host", defaultValue = "127.0.0.1", description = "Address the Prometheus endpoint binds to (default: ${DEFAULT-VALUE}).")
    String prometheusHost;

    @Option(names = "--prometheus-port", defaultValue = "0", description = "Export the drift gauges and JVM metrics for Prometheus on this port (/metrics); 0 exports none (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(names = "--state-dir", description = "Folder of the local state stores (default: Kafka Streams' default).")
    Path stateDir;

    @Option(names = {"-X", "--kafka-property"}, description = "Kafka client or Streams property passed through, e.g. -X security.protocol=SASL_SSL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ControlAppMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ControlConfig config = config();
        InetSocketAddress catalogAddress = catalogAddress();
        InetSocketAddress metricsAddress = metricsAddress();
        ControlApp app = ControlApp.start(config,
                ControlApp.streamsProperties(bootstrapServers, applicationId, stateDir, kafkaProperties),
                catalogAddress, metricsAddress);
        Thread hook = new Thread(() -> {
            LOG.info("Stopping the control app");
            app.close();
        }, "control-app-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitStop();
        KafkaStreams.State state = app.state();
        app.close();
        return state == KafkaStreams.State.ERROR ? 1 : 0;
    }

    ControlConfig config() {
        try {
            return new ControlConfig(
                    new ControlConfig.TopicNames(assignmentsTopic, tagsTopic, driftTopic, taggedTopic, refitRequestsTopic),
                    windowsOverThreshold, noveltyRateTrigger, cooldown);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    InetSocketAddress catalogAddress() {
        return new InetSocketAddress(catalogHost, port("--catalog-port", catalogPort));
    }

    /** Where the Prometheus endpoint listens, or null when --prometheus-port is 0. */
    InetSocketAddress metricsAddress() {
        return port("--prometheus-port", prometheusPort) == 0 ? null : new InetSocketAddress(prometheusHost, prometheusPort);
    }

    private int port(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be between 0 and 65535, was " + port);
        }
        return port;
    }
}
