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
 * @param lossSpikeTolerance an epoch loss more than this fraction above the best so far rolls the run back to its best
 *                    checkpoint at half the learning rate; one more than half of it is not checkpointed, and a run
 *                    that ends there returns its best checkpoint (see {@link TrainingLoop}); 0: never
 */
public record TrainingSettings(int epochs, int batchSize, LearningRateSchedule schedule, ParameterUpdater.Rule rule,
        double momentum, double weightDecay, int threads, long seed, boolean resume, TrainingBudget budget,
        double lossSpikeTolerance) {

    public TrainingSettings {
        if (epochs < 1 || batchSize < 2 || threads < 1 || weightDecay < 0 || momentum < 0) {
            throw new IllegalArgumentException("--epochs and --threads must be at least 1, --batch-size at least 2, "
                    + "momentum and weight decay not negative");
        }
        if (!(lossSpikeTolerance >= 0) || Double.isInfinite(lossSpikeTolerance)) {
            throw new IllegalArgumentException("--loss-spike-tolerance must be a finite number >= 0, got " + lossSpikeTolerance);
        }
    }

    /** Settings without a loss-spike guard. */
    public TrainingSettings(int epochs, int batchSize, LearningRateSchedule schedule, ParameterUpdater.Rule rule,
            double momentum, double weightDecay, int threads, long seed, boolean resume, TrainingBudget budget) {
        this(epochs, batchSize, schedule, rule, momentum, weightDecay, threads, seed, resume, budget, 0);
    }

    /** These settings with another {@link #lossSpikeTolerance()}. */
    public TrainingSettings withLossSpikeTolerance(double tolerance) {
        return new TrainingSettings(epochs, batchSize, schedule, rule, momentum, weightDecay, threads, seed, resume, budget,
                tolerance);
    }
}
