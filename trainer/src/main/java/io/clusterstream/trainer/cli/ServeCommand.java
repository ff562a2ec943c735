package io.clusterstream.trainer.cli;

import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.schemas.Topics;
import io.clusterstream.trainer.data.DataSetSpec;
import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.publish.S3SnapshotMirror;
import io.clusterstream.trainer.publish.SnapshotAnnouncer;
import io.clusterstream.trainer.serve.RefitMetrics;
import io.clusterstream.trainer.serve.RefitService;
import io.clusterstream.trainer.serve.Refitter;
import io.clusterstream.trainer.source.KafkaImageSample;
import io.clusterstream.trainer.source.SampleWindow;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainer serve}: the refit service. Refits the model every {@code --interval} and whenever a refit request for
 * it arrives, on a sample of recent images from the images topic, and publishes and announces each accepted version.
 * Runs until stopped (SIGINT/SIGTERM); a refit still fitting then publishes nothing.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Refit a model periodically and on refit requests, from recent images on Kafka; publish and announce each new version.")
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    FitOptions fit = new FitOptions();

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--store", required = true, description = "Snapshot store folder to publish into.")
    Path store;

    @Option(names = "--model-id", defaultValue = "clusterstream", description = "Model lineage (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--interval", defaultValue = "PT1H", description = "ISO-8601 time between scheduled refits; PT0S schedules none (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--sample-last-n", defaultValue = "5000", description = "Images per refit when a request names no sample: the newest N of the images topic (default: ${DEFAULT-VALUE}).")
    long sampleLastN;

    @Option(names = "--max-images", defaultValue = "20000", description = "Largest sample a refit reads, whatever a request asks (default: ${DEFAULT-VALUE}).")
    int maxImages;

    @Option(names = "--sample-timeout", defaultValue = "PT2M", description = "Longest time reading a sample may take (default: ${DEFAULT-VALUE}).")
    Duration sampleTimeout;

    @Option(names = "--preprocessing", defaultValue = "cifar10", description = "Input shape and normalisation when the model has no version yet: cifar10 or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String preprocessing;

    @CommandLine.Mixin
    GateOptions gateOptions = new GateOptions();

    @Option(names = "--work-dir", description = "Folder for fit checkpoints (default: <store>/.work/<model-id>).")
    Path workDir;

    @Option(names = "--images-topic", defaultValue = Topics.IMAGES, description = "(default: ${DEFAULT-VALUE})")
    String imagesTopic;

    @Option(names = "--refit-requests-topic", defaultValue = Topics.REFIT_REQUESTS, description = "(default: ${DEFAULT-VALUE})")
    String refitRequestsTopic;

    @Option(names = "--snapshots-topic", defaultValue = Topics.SNAPSHOTS, description = "(default: ${DEFAULT-VALUE})")
    String snapshotsTopic;

    @Option(names = "--group-id", defaultValue = "clusterstream-trainer", description = "Consumer group reading refit requests (default: ${DEFAULT-VALUE}).")
    String groupId;

    @CommandLine.Mixin
    S3Options s3 = new S3Options();

    @Option(names = "--prometheus-port", description = "Export the refit metrics for Prometheus on this port.")
    Integer prometheusPort;

    @Option(names = {"-X", "--kafka-property"}, description = "Kafka client property passed through, e.g. -X security.protocol=SASL_SSL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stoppedCleanly = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ModelFitter fitter = parse(fit::fitter);
        QualityGate gate = parse(gateOptions::gate);
        SampleWindow window = parse(() -> new SampleWindow.LastN(sampleLastN));
        DataSetSpec shape = parse(() -> DataSetSpec.parse(preprocessing));
        if (maxImages < fit.clusters()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-images must be at least --clusters");
        }
        Map<String, Object> kafka = new HashMap<>(kafkaProperties);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        PrintWriter out = spec.commandLine().getOut();
        FileSnapshotStore snapshots = new FileSnapshotStore(store);
        Optional<S3Options.Upload> upload = parse(() -> s3.upload(snapshots));
        if (upload.isPresent()) {
            S3SnapshotMirror mirror = upload.get().mirror();
            try {
                mirror.pullLatest(modelId).ifPresent(pulled -> out.printf("continuing from %s v%d found in %s%n", modelId,
                        pulled.version(), mirror.location()));
                // versions an earlier run published but could not upload
                mirror.pushMissing(modelId);
            } catch (java.io.IOException e) {
                upload.get().close();
                spec.commandLine().getErr().println("cannot synchronise with " + mirror.location() + ": " + e.getMessage());
                return TrainCommand.UPLOAD_FAILED;
            }
        }
        Refitter.Setup setup = new Refitter.Setup(snapshots, modelId, fitter, fit.clusters(), gate,
                new KafkaImageSample(kafka, imagesTopic, maxImages, sampleTimeout), window, shape.preprocessing(),
                workDir != null ? workDir : store.resolve(".work").resolve(modelId),
                snapshot -> {
                    if (upload.isPresent()) {
                        upload.get().mirror().pushMissing(modelId);
                    }
                    SnapshotAnnouncer.announce(snapshot, bootstrapServers, snapshotsTopic, kafkaProperties);
                });
        RefitMetrics metrics = new RefitMetrics();
        HTTPServer exporter = prometheusPort == null ? null
                : HTTPServer.builder().port(prometheusPort).registry(metrics.registry()).buildAndStart();
        RefitService service = new RefitService(setup, metrics,
                new RefitService.RequestSource(kafka, refitRequestsTopic, groupId, modelId), interval,
                outcome -> {
                    out.printf("refit %s: %s%n", outcome.status(), outcome.detail());
                    out.flush();
                }, Clock.systemUTC());
        // SIGINT/SIGTERM: the hook asks call() to stop and waits until it has, since the JVM halts when hooks return
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(stoppedCleanly);
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
            out.printf("serving refits of %s (%s) from %s; scheduled every %s%s%n", modelId, fitter.name(), imagesTopic, interval,
                    exporter == null ? "" : "; metrics on http://localhost:" + exporter.getPort() + "/metrics");
            out.flush();
            stopRequested.await();
        } finally {
            try {
                service.close();
            } finally {
                if (exporter != null) {
                    exporter.close();
                }
                upload.ifPresent(S3Options.Upload::close);
                stoppedCleanly.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped us
                }
            }
        }
        return 0;
    }

    /** Stops a running {@code serve} as SIGTERM does: a refit still fitting publishes nothing. */
    void requestStop() {
        stopRequested.countDown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T parse(Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
