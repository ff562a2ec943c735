package io.clusterstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one contrastive method trains: its blocks and extra state, the loss of a batch, and what happens after each
 * update and each epoch. {@link TrainingLoop} runs any of them.
 */
public interface TrainingObjective {

    /** Augmented views per image. */
    int views();

    /** Every block whose parameters are checkpointed and published as training weights, by a stable name. */
    Map<String, Block> blocks();

    /** The arrays the optimiser updates (they require gradients), by a stable name: by default every unfrozen block parameter. */
    default Map<String, NDArray> trainable() {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        blocks().forEach((name, block) -> TrainingLoop.addTrainable(trainable, name, block));
        return trainable;
    }

    /** Arrays outside the blocks that persist across steps (e.g. MiCE's μ, queue); checkpointed. */
    default NDList state() {
        return new NDList();
    }

    /** The loss of a batch; called inside a gradient collector. {@code views.get(v)} is view v, (B, C, H, W). */
    NDArray loss(ParameterStore store, NDList views);

    /** After the optimiser's update, outside the collector (EMA teacher, queue writes). */
    default void afterUpdate(ParameterStore store, NDList views) {}

    /** At the end of every epoch (MiCE's analytical μ update). */
    default void endEpoch() {}

    /** Small counters for the checkpoint (e.g. the queue pointer). */
    default Map<String, Long> counters() {
        return Map.of();
    }

    default void restoreCounters(Map<String, Long> counters) {}
}
