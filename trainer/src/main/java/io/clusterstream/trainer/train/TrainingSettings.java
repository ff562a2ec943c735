package io.clusterstream.trainer.train;

/**
 * How long and how a method trains.
 *
 * @param epochs      epochs to run in total (a resumed run continues up to this count)
 * @param batchSize   images per step (the last partial batch of an epoch is dropped)
 * @param schedule    learning rate per epoch
 * @param rule        SGD (MiCE) or Adam (CC, SimCLR)
 * @param momentum    SGD momentum (ignored by Adam)
 * @param weightDecay L2 weight decay
 * @param threads     augmentation worker threads
 * @param seed        seeds the engine's initialisation and the augmentation pipeline
 * @param resume      continue from the newest checkpoint in the work folder when there is one
 * @param budget      stop after the epoch during which the budget is spent (null: no limit)
 */
public record TrainingSettings(int epochs, int batchSize, LearningRateSchedule schedule, ParameterUpdater.Rule rule,
        double momentum, double weightDecay, int threads, long seed, boolean resume, TrainingBudget budget) {

    public TrainingSettings {
        if (epochs < 1 || batchSize < 2 || threads < 1 || weightDecay < 0 || momentum < 0) {
            throw new IllegalArgumentException("--epochs and --threads must be at least 1, --batch-size at least 2, "
                    + "momentum and weight decay not negative");
        }
    }
}
