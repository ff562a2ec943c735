package io.clusterstream.trainer.nn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Test helper: a few real SGD steps on a model, so that weights move away from their initial values and every BN
 * has non-trivial running statistics (which is what an exporter must get right).
 */
public final class TrainingSteps {

    private static final int SEED = 11;

    private TrainingSteps() {}

    /**
     * Initialises {@code blocks} chained in order for inputs of {@code inputShape} inside {@code model} and takes
     * {@code steps} SGD steps (lr 0.02, momentum 0.9) on batches drawn by {@code batches}, minimising the mean squared
     * distance of the output to a fixed random target. Returns the chained block (owned by {@code model}). Seeded, so a
     * test sees the same weights every run (unseeded, lr 0.1 sometimes drove a deep narrow ResNet to NaN).
     */
    public static Block train(Model model, Shape inputShape, int steps, java.util.function.IntFunction<NDArray> batches,
                              Block... blocks) {
        model.getNDManager().getEngine().setRandomSeed(SEED);
        SequentialBlock chain = new SequentialBlock();
        for (Block block : blocks) {
            chain.add(block);
        }
        model.setBlock(chain);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.02f)).optMomentum(0.9f).build());
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(inputShape);
            Shape outShape = chain.getOutputShapes(new Shape[] {inputShape})[0];
            NDArray target = model.getNDManager().randomNormal(outShape);
            for (int step = 0; step < steps; step++) {
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(batches.apply(step))).singletonOrThrow();
                    NDArray loss = out.sub(target).square().mean();
                    collector.backward(loss);
                }
                trainer.step();
            }
        }
        return chain;
    }
}
