package io.clusterstream.trainer.method.tcc;

import ai.djl.ndarray.NDManager;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MethodSettings;
import io.clusterstream.trainer.method.loss.TccObjective;
import io.clusterstream.trainer.method.loss.TccObjective.Term;
import java.util.EnumSet;
import java.util.Set;

/** TCC (a reconstruction); see {@link TccModel}. */
public final class TccFitter extends ContrastiveFitter {

    /**
     * The trainer's {@code --loss-spike-tolerance} for TCC: at 5,000 CIFAR-10 images 3 of 12 runs of 18 epochs jumped
     * part-way to a worse state and stayed there, their first such epoch 3.3–5.7% above the best, and a later one
     * drifted there over seven epochs, while after the second epoch the other runs' epoch losses never rose by more
     * than 0.4% (docs/benchmarks.md).
     */
    public static final double DEFAULT_LOSS_SPIKE_TOLERANCE = 0.03;

    private final int queueSize;
    private final Set<Term> terms;
    private final TccObjective.Settings objective;

    /**
     * @param queueSize ν, the teacher keys the queue holds
     * @param terms     the loss terms trained (the rest are only reported), at least one
     * @param objective τ_c and the KL term's weight ({@link TccObjective.Settings#DEFAULTS})
     */
    public TccFitter(MethodSettings settings, int queueSize, Set<Term> terms, TccObjective.Settings objective) {
        super(settings);
        if (queueSize < 1) {
            throw new IllegalArgumentException("--queue must be at least 1, got " + queueSize);
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("--tcc-terms needs at least one of " + EnumSet.allOf(Term.class));
        }
        this.queueSize = queueSize;
        this.terms = EnumSet.copyOf(terms);
        this.objective = objective;
    }

    @Override
    public String name() {
        return "TCC";
    }

    @Override
    protected LearnedMethod create(NDManager manager, int channels, int height, int width) {
        return new TccModel(settings.backbone().build(channels), settings.backbone().build(channels), manager,
                settings.clusters(), queueSize, terms, objective, settings.training().seed(), settings.training().batchSize(),
                channels, height, width);
    }

    @Override
    protected AugmentationPolicy policy(Preprocessing preprocessing) {
        return AugmentationPolicy.tcc(preprocessing);
    }

    @Override
    protected Algorithm algorithm() {
        return Algorithm.ALGORITHM_TCC;
    }
}
