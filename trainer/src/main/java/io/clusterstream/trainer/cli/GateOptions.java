package io.clusterstream.trainer.cli;

import io.clusterstream.core.alignment.QualityGate;
import picocli.CommandLine.Option;

/** The quality gate's bounds: shared by {@code trainer train} and {@code trainer serve}. */
public final class GateOptions {

    @Option(names = "--max-cluster-share", defaultValue = "0.5", description = "Quality gate: largest share one cluster may hold (default: ${DEFAULT-VALUE}).")
    double maxClusterShare;

    @Option(names = "--min-agreement", defaultValue = "0.3", description = "Quality gate: smallest agreement with the parent version when drift is low, i.e. for scheduled refits (default: ${DEFAULT-VALUE}).")
    double minAgreement;

    @Option(names = "--min-clusters", description = "Quality gate: fewest non-empty clusters (default: half of --clusters, rounded up).")
    Integer minClusters;

    /** @throws IllegalArgumentException naming the bound that is out of range */
    public QualityGate gate() {
        QualityGate gate = QualityGate.defaults().withMaxClusterShare(maxClusterShare).withMinAgreement(minAgreement);
        if (minClusters != null) {
            if (minClusters < 0) {
                throw new IllegalArgumentException("--min-clusters must not be negative, got " + minClusters);
            }
            gate = gate.withMinNonEmptyClusters(minClusters);
        }
        return gate;
    }
}
