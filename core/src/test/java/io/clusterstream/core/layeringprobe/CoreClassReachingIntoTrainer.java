package io.clusterstream.core.layeringprobe;

import io.clusterstream.trainer.layeringprobe.TrainerOnlyType;

/** A deliberate layering violation for LayeringRulesTest; never used by production code. */
public final class CoreClassReachingIntoTrainer {
    public static int reach() {
        return TrainerOnlyType.value();
    }
}
