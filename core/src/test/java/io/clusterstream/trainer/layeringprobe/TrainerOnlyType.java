package io.clusterstream.trainer.layeringprobe;

/** Stands in for a trainer class, so that LayeringRulesTest can show the rules catch a forbidden dependency. */
public final class TrainerOnlyType {
    public static int value() {
        return 1;
    }
}
