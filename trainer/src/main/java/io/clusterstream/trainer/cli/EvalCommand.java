package io.clusterstream.trainer.cli;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.trainer.data.DataSetSpec;
import io.clusterstream.trainer.eval.ClusteringEvaluator;
import io.clusterstream.trainer.eval.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trainer eval}: scores a published snapshot on a labelled split, serving it exactly as the stream job does. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a published snapshot (ACC, NMI, ARI, cluster sizes and where each class's images go) on a labelled data set.")
public final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", required = true, description = "Snapshot store folder.")
    Path store;

    @Option(names = "--model-id", defaultValue = "clusterstream", description = "Model lineage (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--snapshot-version", description = "Snapshot version (default: the newest).")
    Long version;

    @Option(names = "--data", defaultValue = "cifar10", description = "Data set: " + DataSetSpec.FORMATS + " (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--split", defaultValue = "TEST", description = "${COMPLETION-CANDIDATES}: TEST is the test-only protocol, ALL the papers' train+test protocol (default: ${DEFAULT-VALUE}).")
    DataSetSpec.Split split;

    @Option(names = "--limit", description = "Use only the first N images.")
    Integer limit;

    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        DataSetSpec dataSet;
        try {
            dataSet = DataSetSpec.parse(data);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        FileSnapshotStore snapshots = new FileSnapshotStore(store);
        Snapshot snapshot = version == null
                ? snapshots.latest(modelId).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "no snapshot of model '" + modelId + "' in " + store))
                : snapshots.load(modelId, version);
        LabeledImages images = dataSet.read(split);
        if (limit != null && limit < images.size()) {
            images = images.head(limit);
        }
        EvaluationReport report;
        try (ServingModel model = ServingModel.load(snapshot, new ServingOptions(1, 0, Double.NaN))) {
            report = ClusteringEvaluator.evaluate(model, images, dataSet + " " + split.name().toLowerCase(java.util.Locale.ROOT));
        }
        spec.commandLine().getOut().println(report.toText());
        if (json != null) {
            Files.writeString(json, report.toJson());
        }
        return 0;
    }
}
