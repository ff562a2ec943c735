package io.clusterstream.trainer.fit;

import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.SnapshotManifest;

/**
 * A fitted model ready for alignment and publication.
 *
 * @param draft  the servable snapshot
 * @param labels the served model's cluster of every training image, in sample order
 * @param scores ACC/NMI/ARI of {@code labels} against the sample's labels
 */
public record FittedModel(SnapshotDraft draft, int[] labels, ClusteringScores scores) {

    /** The same model whose training report names where its images came from, e.g. "cifar10 train+test". */
    public FittedModel describedAs(String data) {
        SnapshotManifest manifest = draft.manifest();
        return new FittedModel(draft.withManifest(manifest.toBuilder()
                .setTraining(manifest.getTraining().toBuilder().setData(data)).build()), labels, scores);
    }
}
