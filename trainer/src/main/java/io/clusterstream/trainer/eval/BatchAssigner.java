package io.clusterstream.trainer.eval;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.serving.ServingModel;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Runs a serving model over a whole image set in batches, with a progress bar, as the stream job would. */
public final class BatchAssigner {

    private static final int BATCH = 256;

    /** The cluster of every image, in order. */
    public static int[] assignAll(ServingModel model, LabeledImages images, String task) {
        int[] clusters = new int[images.size()];
        try (ProgressBar progress = new ProgressBarBuilder().setTaskName(task).setInitialMax(images.size()).setUnit(" img", 1).build()) {
            for (int start = 0; start < images.size(); start += BATCH) {
                int end = Math.min(images.size(), start + BATCH);
                List<PixelImage> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(images.image(i));
                }
                List<ServingModel.Served> served = model.assign(batch);
                for (int i = start; i < end; i++) {
                    clusters[i] = served.get(i - start).assignment().clusterId();
                }
                progress.stepTo(end);
            }
        }
        return clusters;
    }

    private BatchAssigner() {}
}
