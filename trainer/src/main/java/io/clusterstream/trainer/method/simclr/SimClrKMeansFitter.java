package io.clusterstream.trainer.method.simclr;

import ai.djl.ndarray.NDManager;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MethodSettings;

/** SimCLR features + spherical k-means; see {@link SimClrModel}. */
public final class SimClrKMeansFitter extends ContrastiveFitter {

    private final int restarts;

    /** @param restarts k-means restarts (the spec asks for at least 10) */
    public SimClrKMeansFitter(MethodSettings settings, int restarts) {
        super(settings);
        if (restarts < 1) {
            throw new IllegalArgumentException("--restarts must be at least 1");
        }
        this.restarts = restarts;
    }

    @Override
    public String name() {
        return "SIMCLR_KMEANS";
    }

    @Override
    protected LearnedMethod create(NDManager manager, int channels, int height, int width) {
        return new SimClrModel(settings.backbone().build(channels), manager, settings.clusters(), restarts,
                settings.training().seed(), settings.training().threads(), settings.training().batchSize(), channels, height, width);
    }

    @Override
    protected AugmentationPolicy policy(Preprocessing preprocessing) {
        return AugmentationPolicy.simclr(preprocessing);
    }

    @Override
    protected Algorithm algorithm() {
        return Algorithm.ALGORITHM_SIMCLR_KMEANS;
    }
}
