package io.clusterstream.trainer.cli;

import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.trainer.data.DataSetSpec;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.publish.S3SnapshotMirror;
import io.clusterstream.trainer.publish.SnapshotPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainer train}: fits a clustering model on a data set and publishes it as the next snapshot version. When
 * the model id already has versions, the new clusters are aligned to the newest one so keys and tags carry over, and
 * a quality gate refuses degenerate models (exit code 3, nothing published).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a clustering model and publish it as the next snapshot version of a model id.")
public final class TrainCommand implements Callable<Integer> {

    /** Exit code when the quality gate refuses to publish the fitted model. */
    static final int REFUSED_BY_GATE = 3;
    /** Exit code when the S3 bucket of {@code --upload-to} cannot be read or written. */
    static final int UPLOAD_FAILED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    FitOptions fit = new FitOptions();

    @Option(names = "--data", defaultValue = "cifar10", description = "Data set: " + DataSetSpec.FORMATS + " (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--split", defaultValue = "ALL", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the papers' train+test protocol).")
    DataSetSpec.Split split;

    @Option(names = "--limit", description = "Use only the first N images.")
    Integer limit;

    @Option(names = "--store", required = true, description = "Snapshot store folder to publish into.")
    Path store;

    @Option(names = "--model-id", defaultValue = "clusterstream", description = "Model lineage (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--drift-triggered", description = "The refit answers drift: a low agreement with the parent version "
            + "is then expected and does not block publication.")
    boolean driftTriggered;

    @CommandLine.Mixin
    GateOptions gateOptions = new GateOptions();

    @Option(names = "--work-dir", description = "Folder for checkpoints, so an interrupted fit resumes (default: <store>/.work/<model-id>).")
    Path workDir;

    @CommandLine.Mixin
    S3Options s3 = new S3Options();

    @Option(names = "--announce", paramLabel = "BOOTSTRAP_SERVERS", description = "Also announce the snapshot on Kafka.")
    String announce;

    @Option(names = "--snapshots-topic", defaultValue = Topics.SNAPSHOTS, description = "(default: ${DEFAULT-VALUE})")
    String snapshotsTopic;

    @Option(names = {"-X", "--kafka-property"}, description = "Kafka client property for --announce.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        DataSetSpec dataSet = parse(() -> DataSetSpec.parse(data));
        ModelFitter fitter = parse(fit::fitter);
        int clusters = fit.clusters();
        if (limit != null && limit < clusters) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least --clusters");
        }
        FileSnapshotStore snapshots = new FileSnapshotStore(store);
        Optional<S3Options.Upload> upload = parse(() -> s3.upload(snapshots));
        try {
            LabeledImages images = dataSet.read(split);
            if (limit != null && limit < images.size()) {
                images = images.head(limit);
            }
            if (upload.isPresent()) {
                try {
                    upload.get().mirror().pullLatest(modelId).ifPresent(pulled -> spec.commandLine().getErr().printf(
                            "continuing from %s v%d found in %s%n", modelId, pulled.version(), upload.get().mirror().location()));
                } catch (IOException e) {
                    spec.commandLine().getErr().println("cannot read " + upload.get().mirror().location() + ": " + e.getMessage());
                    return UPLOAD_FAILED;
                }
            }
            return trainAndPublish(images, dataSet, fitter, clusters, snapshots, upload.map(S3Options.Upload::mirror));
        } finally {
            upload.ifPresent(S3Options.Upload::close);
        }
    }

    private int trainAndPublish(LabeledImages images, DataSetSpec dataSet, ModelFitter fitter, int clusters,
            FileSnapshotStore snapshots, Optional<S3SnapshotMirror> mirror) throws Exception {
        long version = snapshots.nextVersion(modelId);
        ModelRef model = ModelRef.newBuilder().setModelId(modelId).setVersion(version).build();
        spec.commandLine().getErr().printf("training %s on %s (%s, %d images), K=%d%n", fitter.name(), dataSet, split, images.size(), clusters);
        Path workDir = this.workDir != null ? this.workDir : store.resolve(".work").resolve(modelId);
        FittedModel fitted;
        try {
            fitted = fitter.fit(new FitInput(images, dataSet.preprocessing(), model, snapshots.latest(modelId), workDir))
                    .describedAs(String.format(Locale.ROOT, "%s %s, %d images", dataSet, split, images.size()));
        } catch (IllegalArgumentException e) {
            // e.g. fewer images than one batch: a usage error, reported without a stack trace
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        QualityGate gate = parse(gateOptions::gate);
        SnapshotPublisher.Result result = new SnapshotPublisher(snapshots, gate).publish(fitted, images, !driftTriggered);
        result.alignment().ifPresent(alignment -> spec.commandLine().getOut().printf(Locale.ROOT,
                "aligned to v%d: agreement %.3f, %d of %d clusters kept their keys%n", version - 1, alignment.agreement(),
                clusters - alignment.newClusterCount(), clusters));
        if (!result.accepted()) {
            spec.commandLine().getErr().println("not published, the quality gate refused the model: " + result.gate().summary());
            return REFUSED_BY_GATE;
        }
        Snapshot snapshot = result.published().orElseThrow();
        spec.commandLine().getOut().printf(Locale.ROOT, "published %s v%d to %s%ntraining-set ACC %.4f  NMI %.4f  ARI %.4f%n",
                modelId, version, snapshot.directory(), fitted.scores().acc(), fitted.scores().nmi(), fitted.scores().ari());
        if (mirror.isPresent()) {
            try {
                List<Long> uploaded = mirror.get().pushMissing(modelId);
                spec.commandLine().getOut().printf("uploaded %s %s to %s%n", modelId,
                        uploaded.stream().map(v -> "v" + v).collect(Collectors.joining(", ")), mirror.get().location());
            } catch (IOException e) {
                spec.commandLine().getErr().printf("v%d is published in %s but its upload to %s failed (the next run with "
                        + "--upload-to uploads it; it is not announced): %s%n", version, store, mirror.get().location(), e.getMessage());
                return UPLOAD_FAILED;
            }
        }
        if (announce != null) {
            io.clusterstream.trainer.publish.SnapshotAnnouncer.announce(snapshot, announce, snapshotsTopic, kafkaProperties);
            spec.commandLine().getOut().printf("announced on %s%n", snapshotsTopic);
        }
        return 0;
    }

    private <T> T parse(java.util.function.Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
