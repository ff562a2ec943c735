package io.clusterstream.trainer.eval;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.metrics.ContingencyTable;
import io.clusterstream.core.serving.ServingModel;

/** Assigns every image of a labelled set with a serving model, exactly as the stream job would, and scores it. */
public final class ClusteringEvaluator {

    public static EvaluationReport evaluate(ServingModel model, LabeledImages images, String protocol) {
        int[] predicted = BatchAssigner.assignAll(model, images, "assign");
        ContingencyTable table = ContingencyTable.of(images.labels(), predicted);
        ClusteringScores scores = ClusteringMetrics.evaluate(table);
        long[] sizes = new long[model.manifest().getNumClusters()];
        for (int p : predicted) {
            sizes[p]++;
        }
        return new EvaluationReport(model.modelId(), model.version(), protocol, scores, sizes,
                ClassBreakdown.of(table, sizes.length));
    }

    private ClusteringEvaluator() {}
}
