package io.clusterstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.clusterstream.trainer.augment.AugmentedBatch;
import io.clusterstream.trainer.augment.BatchPipeline;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.RunningStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs epochs of augmented batches through a {@link TrainingObjective}: forward and backward inside a gradient
 * collector, one optimiser update, the objective's after-update work, a progress bar (loss, images/s, ETA) and a
 * checkpoint at the end of every epoch. With {@code resume} it continues after the newest checkpoint of the same
 * algorithm and architecture.
 *
 * <p>Every step runs in its own NDManager to which all persistent arrays are attached for the step's duration, so
 * the step's intermediate arrays, whichever operand they were computed from, are freed when it ends.
 */
public final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /**
     * Steps with a non-finite loss or gradient are discarded (no update, batch-norm running averages put back); this
     * many in a row means the run has diverged.
     */
    static final int MAX_DISCARDED_IN_A_ROW = 10;
    /**
     * A diverged run goes back to its last checkpoint and continues at half the learning rate, at most this many times;
     * then it stops with an error. (Two 60-CPU-minute MiCE runs at lr 0.5 diverged after 44 and 54 epochs.)
     */
    static final int MAX_ROLLBACKS = 3;
    /**
     * A run whose epoch loss spikes ({@link TrainingSettings#lossSpikeTolerance()}) goes back to its best checkpoint
     * and continues at half the learning rate, at most this many times; then it trains on without checkpointing such
     * epochs, and if it ends above its best, the best checkpoint is the model it returns. One, because a TCC run that
     * drifted into its collapsed state drifted again from an earlier checkpoint at half the rate (docs/benchmarks.md),
     * and each roll-back costs the epochs since the best.
     */
    static final int MAX_SPIKE_ROLLBACKS = 1;

    /**
     * What a run did: {@code epochs} is the number of epochs the model has now been trained for; the seconds and
     * {@code images} count only the epochs this run trained ({@code cpuSeconds} is NaN where the JVM cannot tell);
     * {@code rollbacks} counts both kinds, a resumed run's earlier ones too; {@code returnedEpoch} (1-based) is the
     * epoch whose checkpoint the model now holds: the last, or the best one when the run ended above it.
     */
    public record Run(int epochs, int resumedAfterEpoch, double finalLoss, List<Double> epochLosses, double seconds,
            double cpuSeconds, long images, long discardedSteps, int rollbacks, int returnedEpoch) {

        public double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0;
        }

        /** Mean loss of the first epoch this run trained, for "the loss falls" checks. */
        public double firstLoss() {
            return epochLosses.isEmpty() ? Double.NaN : epochLosses.get(0);
        }
    }

    private final TrainingSettings settings;
    private final TrainingCheckpoint checkpoint;
    private final String algorithm;
    private final String architecture;

    public TrainingLoop(TrainingSettings settings, TrainingCheckpoint checkpoint, String algorithm, String architecture) {
        this.settings = settings;
        this.checkpoint = checkpoint;
        this.algorithm = algorithm;
        this.architecture = architecture;
    }

    /** Seeds the engine; call before any block is initialised so the initial weights follow {@code seed}. */
    public static void seedEngine(long seed) {
        Engine.getEngine(Devices.ENGINE).setRandomSeed((int) seed);
    }

    public Run run(TrainingObjective objective, BatchPipeline pipeline, NDManager manager, int channels, int height, int width)
            throws IOException {
        int startEpoch = 0;
        long step = 0;
        int resumedAfter = -1;
        NDList optimiserState = null;
        long optimiserUpdates = 0;
        double resumedLoss = Double.NaN;
        Optional<TrainingCheckpoint.Info> saved = settings.resume() ? checkpoint.latest() : Optional.empty();
        if (saved.isPresent() && sameModel(saved.get())) {
            TrainingCheckpoint.Info info = saved.get();
            optimiserState = restore(info, objective, manager);
            optimiserUpdates = info.optimiserUpdates();
            startEpoch = info.epoch() + 1;
            step = info.step();
            resumedLoss = info.loss();
            resumedAfter = info.epoch();
            LOG.info("resuming {} after epoch {} (step {}, loss {})", algorithm, info.epoch() + 1, step, info.loss());
        } else if (saved.isPresent()) {
            LOG.warn("ignoring the checkpoint in the work folder: it is of {} / {}, this run trains {} / {}",
                    saved.get().algorithm(), saved.get().architecture(), algorithm, architecture);
        }
        // after a resume: loading replaced the parameter arrays, so the updater must see the loaded ones
        ParameterUpdater updater = updater(objective, manager, optimiserState, optimiserUpdates);
        List<NDResource> persistent = persistentArrays(objective, updater);
        List<NDArray> statistics = RunningStatistics.of(objective.blocks().values());
        List<Double> losses = new ArrayList<>();
        double loss = resumedLoss;
        int batchSize = pipeline.batchSize();
        TrainingBudget.Meter budget = settings.budget() == null ? null : settings.budget().start();
        long wallStarted = System.nanoTime();
        long cpuStarted = TrainingBudget.processCpuNanos();
        long images = 0;
        long discarded = 0;
        int discardedInARow = 0;
        int rollbacks = 0;
        int spikeRollbacks = 0;
        // the checkpoint a diverged run goes back to: the one it resumed from or the last one it saved
        TrainingCheckpoint.Info lastGood = resumedAfter >= 0 ? saved.get() : null;
        // a run resumed after roll-backs keeps their lower learning rate
        double rateScale = lastGood == null ? 1 : lastGood.effectiveLearningRateScale();
        LossSpikeGuard spikes = new LossSpikeGuard(settings.lossSpikeTolerance());
        // with the guard on, the lowest-loss checkpoint from the second epoch on: where a spike goes back to, and the
        // model returned when the run ends above it
        TrainingCheckpoint.Info best = null;
        if (lastGood != null) {
            rollbacks = lastGood.rollbacks();
            spikeRollbacks = lastGood.spikeRollbacks();
            // the best checkpoint may be older than the one resumed from
            TrainingCheckpoint.Info reference = lastGood.best() != null ? lastGood.best() : lastGood;
            best = spikes.accept(reference.epoch(), reference.loss()) ? reference : null;
        }
        int lastEpoch = startEpoch - 1;
        Shape shape = new Shape(batchSize, channels, height, width);
        for (int epoch = startEpoch; epoch < settings.epochs(); epoch++) {
            if (budget != null && budget.exhausted()) {
                LOG.info("{}: the budget of {} is spent, stopping after {} epochs", algorithm, settings.budget(), epoch);
                break;
            }
            long epochStarted = System.nanoTime();
            double rate = settings.schedule().rate(epoch) * rateScale;
            double sum = 0;
            int batches = 0;
            boolean diverged = false;
            try (ProgressBar progress = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "%s epoch %d/%d", algorithm, epoch + 1, settings.epochs()))
                    .setInitialMax((long) pipeline.batchesPerEpoch() * batchSize)
                    .setUnit(" img", 1)
                    .showSpeed()
                    .build()) {
                Iterator<AugmentedBatch> batchesOfEpoch = pipeline.epoch(epoch);
                while (batchesOfEpoch.hasNext()) {
                    AugmentedBatch batch = batchesOfEpoch.next();
                    double batchLoss = step(objective, updater, manager, persistent, statistics, batch, shape, rate);
                    step++;
                    images += batchSize;
                    progress.stepBy(batchSize);
                    if (Double.isNaN(batchLoss) || Double.isInfinite(batchLoss)) {
                        discarded++;
                        if (++discardedInARow > MAX_DISCARDED_IN_A_ROW) {
                            diverged = true;
                            break;
                        }
                        LOG.warn("{}: step {} of epoch {} discarded, its loss or gradient was not finite ({})", algorithm, step,
                                epoch + 1, batchLoss);
                        continue;
                    }
                    discardedInARow = 0;
                    sum += batchLoss;
                    batches++;
                    progress.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", sum / batches));
                }
            }
            TrainingCheckpoint.Info rollBackTo = null;
            String why = null;
            if (diverged) {
                why = algorithm + ": the loss or its gradient was not finite in " + discardedInARow
                        + " steps in a row, the last at epoch " + (epoch + 1) + ", step " + step;
                if (lastGood == null || rollbacks == MAX_ROLLBACKS) {
                    String after = rollbacks > 0 ? ", after " + rollbacks + " roll-backs" : "";
                    throw new IllegalStateException(why + after + "; lower the learning rate (" + rate + ")");
                }
                rollbacks++;
                rollBackTo = lastGood;
            } else {
                objective.endEpoch();
                loss = sum / Math.max(1, batches);
                losses.add(loss);
                double seconds = (System.nanoTime() - epochStarted) / 1e9;
                LOG.info(String.format(Locale.ROOT, "%s epoch %d/%d: loss %.5f, lr %.5g, %.1f s, %d steps, %.3f s/step",
                        algorithm, epoch + 1, settings.epochs(), loss, rate, seconds, batches, seconds / Math.max(1, batches)));
                lastEpoch = epoch;
                LossSpikeGuard.Verdict verdict = spikes.judge(epoch, loss);
                if (verdict == LossSpikeGuard.Verdict.SPIKE && best != null && spikeRollbacks < MAX_SPIKE_ROLLBACKS) {
                    spikeRollbacks++;
                    rollBackTo = best;
                    why = algorithm + ": " + above(spikes, epoch, loss, settings.lossSpikeTolerance());
                } else if (discardedInARow == 0 && verdict == LossSpikeGuard.Verdict.KEEP) {
                    lastGood = new TrainingCheckpoint.Info(algorithm, architecture, epoch, step, rate, loss, updater.updates(),
                            objective.counters(), "epoch-" + epoch, rateScale, rollbacks, spikeRollbacks, null);
                    best = spikes.accept(epoch, loss) ? lastGood : best;
                    lastGood = lastGood.withBest(best);
                    checkpoint.save(lastGood, objective.blocks(), objective.state(), updater.state());
                } else {
                    // a run that is diverging or jumping must not roll back to (or resume from) the state it did so in
                    double passed = settings.lossSpikeTolerance() / (verdict == LossSpikeGuard.Verdict.SPIKE ? 1 : 2);
                    LOG.warn("{}: no checkpoint after epoch {}: {}", algorithm, epoch + 1, discardedInARow > 0
                            ? "its last " + discardedInARow + " steps were not finite" : above(spikes, epoch, loss, passed));
                }
            }
            if (rollBackTo != null) {
                rateScale /= 2;
                LOG.warn("{}; rolling back to the checkpoint after epoch {} and continuing at {} of the learning rate "
                        + "(divergence roll-backs {} of at most {}, loss-spike ones {} of at most {})", why,
                        rollBackTo.epoch() + 1, rateScale, rollbacks, MAX_ROLLBACKS, spikeRollbacks, MAX_SPIKE_ROLLBACKS);
                // loading replaces the parameter arrays, so the updater and the step's attachments are made anew
                updater = updater(objective, manager, restore(rollBackTo, objective, manager), rollBackTo.optimiserUpdates());
                persistent = persistentArrays(objective, updater);
                statistics = RunningStatistics.of(objective.blocks().values());
                step = rollBackTo.step();
                losses.subList(Math.max(0, rollBackTo.epoch() + 1 - startEpoch), losses.size()).clear();
                loss = losses.isEmpty() ? rollBackTo.loss() : losses.get(losses.size() - 1);
                lastEpoch = rollBackTo.epoch();
                discardedInARow = 0;
                epoch = rollBackTo.epoch();
                lastGood = rollBackTo.afterRollBack(rateScale, rollbacks, spikeRollbacks);
                checkpoint.pointAt(lastGood);
            }
        }
        int returned = lastEpoch;
        if (best != null && best.epoch() != lastEpoch && spikes.judge(lastEpoch, loss) != LossSpikeGuard.Verdict.KEEP) {
            LOG.warn("{}: {}; the model returned is the checkpoint of epoch {}", algorithm,
                    above(spikes, lastEpoch, loss, settings.lossSpikeTolerance() / 2), best.epoch() + 1);
            restore(best, objective, manager);
            returned = best.epoch();
            loss = best.loss();
        }
        long cpuEnded = TrainingBudget.processCpuNanos();
        return new Run(lastEpoch + 1, resumedAfter, loss, losses, (System.nanoTime() - wallStarted) / 1e9,
                cpuStarted < 0 || cpuEnded < 0 ? Double.NaN : (cpuEnded - cpuStarted) / 1e9, images, discarded,
                rollbacks + spikeRollbacks, returned + 1);
    }

    private static String above(LossSpikeGuard spikes, int epoch, double loss, double fraction) {
        return String.format(Locale.ROOT, "epoch %d's loss %.5f is more than %.1f%% above the best, %.5f", epoch + 1, loss,
                100 * fraction, spikes.best());
    }

    /** An updater over the objective's current parameter arrays, with the optimiser's moments restored when given. */
    private ParameterUpdater updater(TrainingObjective objective, NDManager manager, NDList optimiserState, long updates) {
        ParameterUpdater updater = new ParameterUpdater(settings.rule(), settings.momentum(), settings.weightDecay(),
                objective.trainable(), manager);
        if (optimiserState != null) {
            updater.restore(optimiserState, updates);
        }
        return updater;
    }

    /** Loads {@code info}'s checkpoint into the objective's blocks, state and counters; returns the optimiser's moments. */
    private NDList restore(TrainingCheckpoint.Info info, TrainingObjective objective, NDManager manager) throws IOException {
        TrainingCheckpoint.Restored restored = checkpoint.load(info, objective.blocks(), manager);
        copyInto(restored.state(), objective.state());
        objective.restoreCounters(info.counters());
        return restored.optimiser();
    }

    private boolean sameModel(TrainingCheckpoint.Info info) {
        return algorithm.equals(info.algorithm()) && architecture.equals(info.architecture());
    }

    private static double step(TrainingObjective objective, ParameterUpdater updater, NDManager manager,
            List<NDResource> persistent, List<NDArray> statistics, AugmentedBatch batch, Shape shape, double rate) {
        try (NDManager stepManager = manager.newSubManager()) {
            stepManager.tempAttachAll(persistent.toArray(NDResource[]::new));
            NDList views = new NDList();
            for (int v = 0; v < objective.views(); v++) {
                views.add(stepManager.create(batch.view(v), shape));
            }
            // a forward pass in training mode moves the batch-norm running averages even if the step is discarded
            List<NDArray> before = new ArrayList<>(statistics.size());
            for (NDArray array : statistics) {
                NDArray copy = array.duplicate();
                copy.attach(stepManager);
                before.add(copy);
            }
            ParameterStore store = new ParameterStore(stepManager, false);
            double loss;
            try (GradientCollector collector = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
                NDArray value = objective.loss(store, views);
                collector.backward(value);
                loss = value.getFloat();
            }
            if (!Double.isFinite(loss) || !updater.gradientsFinite()) {
                updater.discard();
                for (int i = 0; i < statistics.size(); i++) {
                    before.get(i).copyTo(statistics.get(i));
                }
                return Double.isFinite(loss) ? Double.POSITIVE_INFINITY : loss;
            }
            updater.step(rate);
            objective.afterUpdate(store, views);
            return loss;
        }
    }

    /** Every array that outlives a step: block parameters, the objective's state and the optimiser's moments. */
    private static List<NDResource> persistentArrays(TrainingObjective objective, ParameterUpdater updater) {
        Set<NDResource> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block block : objective.blocks().values()) {
            for (Parameter parameter : block.getParameters().values()) {
                arrays.add(parameter.getArray());
            }
        }
        arrays.addAll(objective.trainable().values());
        arrays.addAll(objective.state());
        arrays.addAll(updater.state());
        return new ArrayList<>(arrays);
    }

    private static void copyInto(NDList saved, NDList target) {
        if (saved.size() != target.size()) {
            throw new IllegalArgumentException("the checkpoint holds " + saved.size() + " state arrays, expected " + target.size());
        }
        for (int i = 0; i < saved.size(); i++) {
            saved.get(i).copyTo(target.get(i));
        }
    }

    /** Adds a block's trainable parameters to {@code target}, named block name + "." + parameter path. */
    public static void addTrainable(Map<String, NDArray> target, String blockName, Block block) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            if (entry.getValue().requiresGradient()) {
                NDArray array = entry.getValue().getArray();
                // DJL's parameter loading (warm start, resume) replaces the array with one that has no gradient
                if (!array.hasGradient()) {
                    array.setRequiresGradient(true);
                }
                target.put(blockName + "." + entry.getKey(), array);
            }
        }
    }
}
