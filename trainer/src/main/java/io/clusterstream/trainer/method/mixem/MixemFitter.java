package io.clusterstream.trainer.method.mixem;

import ai.djl.ndarray.NDManager;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MethodSettings;
import io.clusterstream.trainer.method.loss.MixemObjective;
import java.util.EnumSet;
import java.util.Set;

/** MIX'EM; see {@link MixemModel}. */
public final class MixemFitter extends ContrastiveFitter {

    private final int restarts;
    private final Set<MixemObjective.Term> terms;

    /**
     * @param restarts k-means++ restarts of the randomly initialised comparison
     * @param terms    the loss terms switched on (all for the method as specified)
     */
    public MixemFitter(MethodSettings settings, int restarts, Set<MixemObjective.Term> terms) {
        super(settings);
        if (restarts < 1) {
            throw new IllegalArgumentException("--restarts must be at least 1");
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("--mixem-terms needs at least one of " + EnumSet.allOf(MixemObjective.Term.class));
        }
        this.restarts = restarts;
        this.terms = Set.copyOf(terms);
    }

    @Override
    public String name() {
        return "MIXEM";
    }

    @Override
    protected LearnedMethod create(NDManager manager, int channels, int height, int width) {
        return new MixemModel(settings.backbone().build(channels), manager, settings.clusters(), restarts,
                settings.training().seed(), settings.training().threads(), terms, settings.training().batchSize(), channels, height, width);
    }

    @Override
    protected AugmentationPolicy policy(Preprocessing preprocessing) {
        return AugmentationPolicy.mixem(preprocessing);
    }

    @Override
    protected Algorithm algorithm() {
        return Algorithm.ALGORITHM_MIXEM;
    }
}
