package io.clusterstream.trainer.refit;

import io.clusterstream.core.alignment.AlignmentResult;
import io.clusterstream.core.alignment.ClusterAlignment;
import io.clusterstream.core.alignment.GateDecision;
import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.trainer.eval.BatchAssigner;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Prepares a freshly fitted model for publication as the next version of a lineage: its clusters are matched to the
 * parent version's on the training sample so stable keys and human tags carry over, and a quality gate refuses
 * degenerate models.
 */
public final class ParentAlignment {

    /** The draft to publish (keys aligned, alignment recorded) and the gate's verdict. */
    public record Outcome(SnapshotDraft draft, GateDecision gate, Optional<AlignmentResult> alignment) {}

    /**
     * @param childLabels the fitted model's cluster of every sample image
     * @param lowDrift    whether the refit happens without drift; only then may low agreement with the parent
     *                    block publication (with drift, disagreement is expected)
     */
    public static Outcome prepare(SnapshotDraft draft, int[] childLabels, LabeledImages sample, Optional<Snapshot> parent,
            QualityGate gate, boolean lowDrift) {
        SnapshotManifest child = draft.manifest();
        int k = child.getNumClusters();
        if (parent.isEmpty()) {
            return new Outcome(draft, gate.evaluate(childLabels, k, null, lowDrift), Optional.empty());
        }
        SnapshotManifest parentManifest = parent.get().manifest();
        int[] parentLabels;
        try (ServingModel parentModel = ServingModel.load(parent.get(), ServingOptions.DEFAULTS)) {
            parentLabels = BatchAssigner.assignAll(parentModel, sample, "align v" + parentManifest.getModel().getVersion());
        }
        AlignmentResult alignment = ClusterAlignment.align(parentLabels, childLabels, parentManifest.getNumClusters(), k,
                ClusterAlignment.parentKeys(parentManifest), child.getModel().getVersion());
        SnapshotManifest.Builder aligned = child.toBuilder().setParentVersion(parentManifest.getModel().getVersion());
        alignment.applyTo(aligned, ClusterAlignment.tagsByKey(parentManifest));
        long[] sizes = alignment.childSizes();
        GateDecision decision = gate.evaluate(sizes, OptionalDouble.of(alignment.agreement()), lowDrift);
        return new Outcome(draft.withManifest(aligned.build()), decision, Optional.of(alignment));
    }

    private ParentAlignment() {}
}
