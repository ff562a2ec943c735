package io.clusterstream.trainer.publish;

import io.clusterstream.core.alignment.AlignmentResult;
import io.clusterstream.core.alignment.GateDecision;
import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.refit.ParentAlignment;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a fitted model into the next published version of its lineage: aligns its clusters to the newest version's
 * on the training sample, asks the quality gate, and publishes (artifacts first, manifest last) only when the gate
 * accepts. Shared by {@code trainer train} and the refit service.
 */
public final class SnapshotPublisher {

    /** What happened: {@code published} is empty when the gate refused the model. */
    public record Result(Optional<Snapshot> published, GateDecision gate, Optional<AlignmentResult> alignment) {
        public boolean accepted() {
            return published.isPresent();
        }
    }

    private final FileSnapshotStore store;
    private final QualityGate gate;

    public SnapshotPublisher(FileSnapshotStore store, QualityGate gate) {
        this.store = Objects.requireNonNull(store, "store");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * @param sample   the images the model was fitted on, in the order of {@code fitted.labels()}
     * @param lowDrift whether the refit happens without drift; only then may low agreement with the parent block it
     */
    public Result publish(FittedModel fitted, LabeledImages sample, boolean lowDrift) throws IOException {
        String modelId = fitted.draft().manifest().getModel().getModelId();
        ParentAlignment.Outcome outcome = ParentAlignment.prepare(
                fitted.draft(), fitted.labels(), sample, store.latest(modelId), gate, lowDrift);
        if (!outcome.gate().accepted()) {
            return new Result(Optional.empty(), outcome.gate(), outcome.alignment());
        }
        return new Result(Optional.of(store.publish(outcome.draft())), outcome.gate(), outcome.alignment());
    }
}
