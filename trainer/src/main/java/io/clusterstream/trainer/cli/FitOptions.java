package io.clusterstream.trainer.cli;

import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import picocli.CommandLine.Option;

/** The algorithm and its hyper-parameters: shared by {@code trainer train} and {@code trainer serve}. */
public final class FitOptions {

    /** The algorithms this build can train. */
    public enum Algorithm { RAW_KMEANS }

    @Option(names = "--algorithm", defaultValue = "RAW_KMEANS",
            description = "Algorithm: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--clusters", defaultValue = "10", description = "Number of clusters K (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--pool", defaultValue = "4", description = "raw-kmeans: average-pooling factor before clustering (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--restarts", defaultValue = "10", description = "k-means restarts (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    public int clusters() {
        return clusters;
    }

    /** @throws IllegalArgumentException naming the option that is out of range */
    public ModelFitter fitter() {
        if (clusters < 1 || pool < 1 || restarts < 1) {
            throw new IllegalArgumentException("--clusters, --pool and --restarts must be at least 1");
        }
        return switch (algorithm) {
            case RAW_KMEANS -> new RawKMeansFitter(clusters, pool, restarts, seed);
        };
    }
}
