package io.clusterstream.trainer.fit;

import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.snapshot.SnapshotDraft;

/**
 * A fitted model ready for alignment and publication.
 *
 * @param draft  the servable snapshot
 * @param labels the served model's cluster of every training image, in sample order
 * @param scores ACC/NMI/ARI of {@code labels} against the sample's labels
 */
public record FittedModel(SnapshotDraft draft, int[] labels, ClusteringScores scores) {}
