package io.clusterstream.trainer.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.trainer.nn.RunningStatistics;
import java.util.List;

/**
 * Re-estimates an encoder's batch-norm running statistics on un-augmented images before it is exported. Training
 * normalises every batch of augmented views by that batch's own statistics, while serving uses the running averages
 * of those augmented batches; a head that reads raw logits (CC, TCC) is sensitive to that shift and can send almost
 * every clean image to one cluster. Forwarding clean images in training mode (no gradients, no updates) replaces the
 * averages with the statistics of the images the stream will actually see.
 */
public final class BatchNormRecalibration {

    /** With the running averages' momentum of 0.9, the statistics from before weigh 0.9^50 ≈ 0.5% afterwards. */
    static final int BATCHES = 50;

    public static void recalibrate(Block encoder, NDManager manager, LabeledImages images, Preprocessor preprocessor) {
        int n = images.size();
        int batch = Math.min(n, ImageTensors.BATCH);
        List<NDArray> statistics = RunningStatistics.of(List.of(encoder));
        if (statistics.isEmpty() || batch < 2) {
            return;
        }
        int start = 0;
        for (int b = 0; b < BATCHES; b++) {
            if (start + batch > n) {
                start = 0;
            }
            try (NDManager step = manager.newSubManager()) {
                step.tempAttachAll(Blocks.parameterArrays(List.of(encoder)));
                NDArray x = step.create(ImageTensors.batch(images, preprocessor, start, start + batch),
                        new Shape(batch, preprocessor.channels(), preprocessor.height(), preprocessor.width()));
                Blocks.forward(encoder, new ParameterStore(step, false), x, true);
            }
            start += batch;
        }
    }

    private BatchNormRecalibration() {}
}
