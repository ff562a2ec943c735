package io.clusterstream.trainer.cli;

import io.clusterstream.core.alignment.QualityGate;
import picocli.CommandLine.Option;

/** The quality gate's bounds: shared by {@code trainer train} and {@code trainer serve}. */
public final class GateOptions {

    @Option(names = "--max-cluster-share", defaultValue = "0.5", description = "Quality gate: largest share one cluster may hold (default: ${DEFAULT-VALUE}).")
    double maxClusterShare;

    @Option(names = "--min-agreement", defaultValue = "0.3", description = "Quality gate: smallest agreement with the parent version when drift is low, i.e. for scheduled refits (default: ${DEFAULT-VALUE}).")
    double minAgreement;

    /** @throws IllegalArgumentException naming the bound that is out of range */
    public QualityGate gate() {
        return QualityGate.defaults().withMaxClusterShare(maxClusterShare).withMinAgreement(minAgreement);
    }
}
