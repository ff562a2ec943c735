package io.clusterstream.trainer.eval;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.serving.ServingModel;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Assigns every image of a labelled set with a serving model, exactly as the stream job would, and scores it. */
public final class ClusteringEvaluator {

    private static final int BATCH = 256;

    public static EvaluationReport evaluate(ServingModel model, LabeledImages images, String protocol) {
        int[] predicted = new int[images.size()];
        try (ProgressBar progress = new ProgressBarBuilder().setTaskName("assign").setInitialMax(images.size()).setUnit(" img", 1).build()) {
            for (int start = 0; start < images.size(); start += BATCH) {
                int end = Math.min(images.size(), start + BATCH);
                List<io.clusterstream.core.image.PixelImage> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(images.image(i));
                }
                List<ServingModel.Served> served = model.assign(batch);
                for (int i = start; i < end; i++) {
                    predicted[i] = served.get(i - start).assignment().clusterId();
                }
                progress.stepTo(end);
            }
        }
        ClusteringScores scores = ClusteringMetrics.evaluate(images.labels(), predicted);
        long[] sizes = new long[model.manifest().getNumClusters()];
        for (int p : predicted) {
            sizes[p]++;
        }
        return new EvaluationReport(model.modelId(), model.version(), protocol, scores, sizes);
    }

    private ClusteringEvaluator() {}
}
