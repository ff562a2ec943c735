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
    /**
     * DEVIATION from MiCE's (and MoCo's) 0.999, which the reconstruction borrowed: the teacher's lag is about 1/(1 − m)
     * steps, 1,000 at 0.999, which is 13 epochs of 5,000 images at batch 64 (MoCo's ImageNet epoch has 5,000 steps).
     * At 0.99 (a lag of about 1.3 epochs) each of four seeds of TCC on 5,000 CIFAR-10 images gained .012–.027 ACC
     * (docs/benchmarks.md). {@code --tcc-teacher-momentum} sets it.
     */
    public static final double DEFAULT_TEACHER_MOMENTUM = 0.99;

    private final int queueSize;
    private final double teacherMomentum;
    private final Set<Term> terms;
    private final TccObjective.Settings objective;

    /**
     * @param queueSize       ν, the teacher keys the queue holds
     * @param teacherMomentum m of the teacher's exponential moving average, in [0, 1)
     * @param terms           the loss terms trained (the rest are only reported), at least one
     * @param objective       τ_c and the KL term's weight ({@link TccObjective.Settings#DEFAULTS})
     */
    public TccFitter(MethodSettings settings, int queueSize, double teacherMomentum, Set<Term> terms,
            TccObjective.Settings objective) {
        super(settings);
        if (queueSize < 1) {
            throw new IllegalArgumentException("--queue must be at least 1, got " + queueSize);
        }
        if (!(teacherMomentum >= 0 && teacherMomentum < 1)) {
            throw new IllegalArgumentException("--tcc-teacher-momentum must be in [0, 1), got " + teacherMomentum);
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("--tcc-terms needs at least one of " + EnumSet.allOf(Term.class));
        }
        this.queueSize = queueSize;
        this.teacherMomentum = teacherMomentum;
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
                settings.clusters(), queueSize, teacherMomentum, terms, objective, settings.training().seed(), settings.training().batchSize(),
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
