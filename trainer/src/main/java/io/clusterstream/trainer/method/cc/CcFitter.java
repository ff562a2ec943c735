package io.clusterstream.trainer.method.cc;

import ai.djl.ndarray.NDManager;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MethodSettings;

/** Contrastive Clustering; see {@link CcModel}. */
public final class CcFitter extends ContrastiveFitter {

    public CcFitter(MethodSettings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return "CC";
    }

    @Override
    protected LearnedMethod create(NDManager manager, int channels, int height, int width) {
        return new CcModel(settings.backbone().build(channels), manager, settings.clusters(),
                settings.training().batchSize(), channels, height, width);
    }

    @Override
    protected AugmentationPolicy policy(Preprocessing preprocessing) {
        return AugmentationPolicy.cc(preprocessing);
    }

    @Override
    protected Algorithm algorithm() {
        return Algorithm.ALGORITHM_CC;
    }
}
