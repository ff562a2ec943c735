package io.clusterstream.trainer.fit;

import io.clusterstream.core.baseline.RawPixelKMeans;

/** k-means on average-pooled raw pixels: the floor every learned method must beat. It never warm-starts. */
public final class RawKMeansFitter implements ModelFitter {

    private final RawPixelKMeans kmeans;

    /** @throws IllegalArgumentException when a parameter is below 1 */
    public RawKMeansFitter(int clusters, int pool, int restarts, long seed) {
        this.kmeans = new RawPixelKMeans(clusters, pool, restarts, seed);
    }

    @Override
    public String name() {
        return "RAW_KMEANS";
    }

    @Override
    public FittedModel fit(FitInput input) {
        RawPixelKMeans.Fitted fitted = kmeans.fit(input.images(), input.preprocessing(), input.model());
        return new FittedModel(fitted.draft(), fitted.labels(), fitted.scores());
    }
}
