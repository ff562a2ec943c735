package io.clusterstream.local;

import java.util.List;

/** Choices of the local mode that are one setting each, so they change in one place. */
public final class LocalDefaults {

    /**
     * The trainer's algorithm and hyper-parameters (its {@code FitOptions}), for the initial snapshot and every refit:
     * chosen to train in a few minutes on a laptop CPU. Switch to a learned method here once one is as quick.
     */
    public static final List<String> FIT_ARGUMENTS = List.of("--algorithm", "RAW_KMEANS", "--clusters", "10", "--restarts", "3");

    /** Model id the local mode trains and serves. */
    public static final String MODEL_ID = "cifar10-local";

    private LocalDefaults() {}
}
