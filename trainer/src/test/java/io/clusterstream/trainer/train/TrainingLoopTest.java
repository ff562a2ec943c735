package io.clusterstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.augment.BatchPipeline;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.GradMode;
import io.clusterstream.trainer.nn.RunningStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's handling of steps whose loss is not finite and of epochs whose loss spikes, with a one-layer objective on real images. */
class TrainingLoopTest {

    private static final LabeledImages IMAGES = CifarFixture.load().head(64);
    private static final int BATCH = 16;
    private static final double SPIKE_TOLERANCE = 50;

    @TempDir
    Path work;

    @Test
    void aStepWithANanLossIsDiscardedAndTheWeightsAndBatchNormStatisticsStayFinite() throws Exception {
        TrainingLoop.Run run = train(3, step -> step == 2);
        assertEquals(1, run.discardedSteps());
        assertEquals(3, run.epochs());
        assertTrue(run.epochLosses().stream().allMatch(Double::isFinite), "epoch losses leave the discarded step out: "
                + run.epochLosses());
    }

    @Test
    void aDivergedRunRollsBackToItsLastCheckpointAndContinuesAtHalfTheLearningRate() throws Exception {
        // 4 steps an epoch: steps 5–15 are the 11 non-finite steps in a row, the last one in epoch 4
        TrainingLoop.Run run = train(5, step -> step >= 5 && step <= 15);
        assertEquals(1, run.rollbacks());
        assertEquals(5, run.epochs(), "epochs 4 and 5 trained after the roll-back");
        assertEquals(5, run.epochLosses().size(), "one loss an epoch, the diverged attempt's left out: " + run.epochLosses());
        assertEquals(1e-3 / 2, new TrainingCheckpoint(work.resolve("e5")).latest().orElseThrow().learningRate(), 1e-12);

        // a resumed run keeps the halved rate
        train(6, step -> false, true);
        TrainingCheckpoint.Info resumed = new TrainingCheckpoint(work.resolve("e5")).latest().orElseThrow();
        assertEquals(5, resumed.epoch(), "epoch 6 trained after the resume");
        assertEquals(1e-3 / 2, resumed.learningRate(), 1e-12);
    }

    @Test
    void aRunThatKeepsDivergingStopsWithAnErrorAfterItsRollBacks() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> train(5, step -> step >= 4));
        assertTrue(error.getMessage().contains("not finite in " + (TrainingLoop.MAX_DISCARDED_IN_A_ROW + 1) + " steps in a row"),
                error.getMessage());
        assertTrue(error.getMessage().contains("after " + TrainingLoop.MAX_ROLLBACKS + " roll-backs"), error.getMessage());
        assertTrue(error.getMessage().contains("lower the learning rate"), error.getMessage());
    }

    @Test
    void aRunThatDivergesBeforeItsFirstCheckpointStopsWithAnError() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> train(5, step -> true));
        assertTrue(error.getMessage().contains("lower the learning rate (0.001)"), error.getMessage());
    }

    @Test
    void anEpochWhoseLossSpikesRollsBackToTheBestCheckpointAtHalfTheLearningRate() throws Exception {
        // 4 steps an epoch; epoch 4's losses are 1,000 times the real ones
        TrainingLoop.Run run = train(5, step -> false, false, SPIKE_TOLERANCE, step -> step >= 12 && step <= 15 ? 1000 : 1);
        assertEquals(1, run.rollbacks());
        assertEquals(5, run.epochLosses().size(), "one loss an epoch, the spiking attempt's left out: " + run.epochLosses());
        assertEquals(6 * 4 * BATCH, run.images(), "epochs 4 and 5 trained again after epoch 4's spike");
        assertEquals(5, run.returnedEpoch());
        TrainingCheckpoint.Info last = new TrainingCheckpoint(work.resolve("e5")).latest().orElseThrow();
        assertEquals(1e-3 / 2, last.learningRate(), 1e-12);
        assertEquals(1, last.spikeRollbacks(), "a resumed run would know its roll-back is spent");
    }

    @Test
    void aSuspectEpochIsNotCheckpointedSoASpikeAfterItGoesBackFurther() throws Exception {
        // epoch 3's losses are 40 times the real ones (suspect: above the best by more than half the tolerance of 50),
        // epoch 4's 1,000 times; the roll-back goes to the checkpoint after epoch 2
        TrainingLoop.Run run = train(5, step -> false, false, SPIKE_TOLERANCE,
                step -> step >= 8 && step <= 11 ? 40 : step >= 12 && step <= 15 ? 1000 : 1);
        assertEquals(1, run.rollbacks());
        assertEquals(5, run.epochLosses().size(), run.epochLosses().toString());
        assertEquals(7 * 4 * BATCH, run.images(), "epochs 3, 4 and 5 trained again after epoch 4's spike");
    }

    @Test
    void aRunThatEndsAboveItsBestReturnsTheBestCheckpoint() throws Exception {
        // the last epoch's losses are 40 times the real ones: suspect, so not the model returned
        TrainingLoop.Run run = train(4, step -> false, false, SPIKE_TOLERANCE, step -> step >= 12 && step <= 15 ? 40 : 1);
        assertEquals(0, run.rollbacks());
        assertEquals(4 * 4 * BATCH, run.images());
        assertEquals(3, run.returnedEpoch());
        assertEquals(run.epochLosses().get(2), run.finalLoss(), "the final loss is the returned epoch's");
    }

    @Test
    void afterItsSpikeRollBackARunTrainsOnAndReturnsItsBest() throws Exception {
        // epochs 4 and 5 spike at every attempt: one roll-back, then they are trained through unsaved and the run returns
        // epoch 3's model
        TrainingLoop.Run run = train(5, step -> false, false, SPIKE_TOLERANCE, step -> step >= 12 ? 1000 : 1);
        assertEquals(TrainingLoop.MAX_SPIKE_ROLLBACKS, run.rollbacks());
        assertEquals((3 + 1 + 2) * 4 * BATCH, run.images());
        assertEquals(5, run.epochLosses().size(), run.epochLosses().toString());
        assertEquals(3, run.returnedEpoch());
        TrainingCheckpoint.Info last = new TrainingCheckpoint(work.resolve("e5")).latest().orElseThrow();
        assertEquals(2, last.epoch(), "the spiking epochs left no checkpoint");
    }

    @Test
    void aRollBackToTheBestCheckpointIsWhereACrashRightAfterItResumesFrom() throws Exception {
        // epoch 2 is the best, epoch 3 (20 times the real losses) is checkpointed but not the best, epoch 4 spikes, and
        // the run crashes at its first step after the roll-back
        LongToDoubleFunction losses = step -> {
            if (step == 16) {
                throw new IllegalStateException("crash");
            }
            return step >= 8 && step <= 11 ? 20 : step >= 12 && step <= 15 ? 1000 : 1;
        };
        assertThrows(IllegalStateException.class, () -> train(5, step -> false, false, SPIKE_TOLERANCE, losses));
        TrainingCheckpoint.Info latest = new TrainingCheckpoint(work.resolve("e5")).latest().orElseThrow();
        assertEquals(1, latest.epoch(), "the roll-back's checkpoint, not the abandoned epoch 3");
        assertEquals(1, latest.spikeRollbacks(), "a resumed run would know its roll-back is spent");
        assertEquals(0.5, latest.effectiveLearningRateScale());
        assertFalse(Files.exists(work.resolve("e5/checkpoints/epoch-2")), "the abandoned epoch is deleted");
    }

    @Test
    void aResumedRunComparesWithItsBestCheckpointNotTheOneItResumesFrom() throws Exception {
        // epoch 4 (20 times the real losses) is the last checkpoint, epoch 3 the best; the resumed run's epoch 5, at 55
        // times (the real losses keep falling), is suspect against the best (above it by more than half the tolerance)
        // though not against epoch 4
        train(4, step -> false, false, SPIKE_TOLERANCE, step -> step >= 12 && step <= 15 ? 20 : 1);
        TrainingCheckpoint.Info saved = new TrainingCheckpoint(work.resolve("e4")).latest().orElseThrow();
        assertEquals(3, saved.epoch());
        assertEquals(2, saved.best().epoch(), "the best is recorded with the latest");
        TrainingLoop.Run resumed = train(5, step -> false, true, SPIKE_TOLERANCE, step -> step <= 3 ? 55 : 1);
        assertEquals(3, resumed.returnedEpoch(), "the run ends suspect, so it returns the best checkpoint, epoch 3");
        assertEquals(saved.best().loss(), resumed.finalLoss());
    }

    @Test
    void withoutAToleranceASpikeIsTrainedThrough() throws Exception {
        TrainingLoop.Run run = train(5, step -> false, false, 0, step -> step >= 12 && step <= 15 ? 1000 : 1);
        assertEquals(0, run.rollbacks());
        assertEquals(5 * 4 * BATCH, run.images());
    }

    private TrainingLoop.Run train(int epochs, LongPredicate poisoned) throws Exception {
        return train(epochs, poisoned, false);
    }

    private TrainingLoop.Run train(int epochs, LongPredicate poisoned, boolean resume) throws Exception {
        return train(epochs, poisoned, resume, 0, step -> 1);
    }

    /**
     * Trains in the work folder {@code e<epochs>}, or, resuming, in {@code e<epochs - 1>}; {@code lossFactor} scales a
     * step's loss (a finite spike).
     */
    private TrainingLoop.Run train(int epochs, LongPredicate poisoned, boolean resume, double spikeTolerance,
            LongToDoubleFunction lossFactor) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE);
                GradMode ignored = GradMode.off();
                BatchPipeline pipeline = BatchPipeline.builder(IMAGES, AugmentationPolicy.simclr(StandardPreprocessing.CIFAR10))
                        .batchSize(BATCH).views(1).threads(1).seed(1).build()) {
            TrainingLoop.seedEngine(1);
            OneLayer objective = new OneLayer(manager, poisoned, lossFactor);
            TrainingSettings settings = new TrainingSettings(epochs, BATCH, LearningRateSchedule.constant(1e-3),
                    ParameterUpdater.Rule.ADAM, 0, 0, 1, 1, resume, null, spikeTolerance);
            Path folder = work.resolve("e" + (resume ? epochs - 1 : epochs));
            TrainingLoop.Run run = new TrainingLoop(settings, new TrainingCheckpoint(folder), "TEST", "one-layer")
                    .run(objective, pipeline, manager, 3, 32, 32);
            for (NDArray parameter : objective.trainable().values()) {
                assertTrue(Float.isFinite(parameter.abs().sum().getFloat()), "parameters stay finite");
            }
            // the poisoned steps' forward passes put NaN into the running averages; a discarded step takes them back
            for (NDArray statistic : RunningStatistics.of(objective.blocks().values())) {
                assertTrue(Float.isFinite(statistic.abs().sum().getFloat()), "batch-norm running statistics stay finite");
            }
            return run;
        }
    }

    /**
     * Mean square of one linear unit over the batch-normalised flattened image; on the steps {@code poisoned} picks the
     * input is NaN, so the loss and the batch-norm statistics of that forward pass are too.
     */
    private static final class OneLayer implements TrainingObjective {
        private final BatchNorm norm = BatchNorm.builder().build();
        private final Linear layer = Linear.builder().setUnits(1).build();
        private final LongPredicate poisoned;
        private final LongToDoubleFunction lossFactor;
        private long step;

        OneLayer(NDManager manager, LongPredicate poisoned, LongToDoubleFunction lossFactor) {
            this.poisoned = poisoned;
            this.lossFactor = lossFactor;
            norm.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 3 * 32 * 32));
            layer.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 3 * 32 * 32));
        }

        @Override
        public int views() {
            return 1;
        }

        @Override
        public Map<String, Block> blocks() {
            Map<String, Block> blocks = new LinkedHashMap<>();
            blocks.put("norm", norm);
            blocks.put("layer", layer);
            return blocks;
        }

        @Override
        public NDArray loss(ParameterStore store, NDList views) {
            NDArray x = views.get(0).reshape(BATCH, -1);
            if (poisoned.test(step)) {
                x = x.mul(Float.NaN);
            }
            float factor = (float) lossFactor.applyAsDouble(step++);
            NDArray normalised = norm.forward(store, new NDList(x), true).singletonOrThrow();
            return layer.forward(store, new NDList(normalised), true).singletonOrThrow().square().mean().mul(factor);
        }
    }
}
