package io.clusterstream.core.head;

import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.file.Path;

/** Builds the serving head a snapshot manifest describes. */
public final class ClusterHeads {

    /**
     * The head of a manifest whose head needs no artifact (prototype or MLP).
     *
     * @throws IllegalArgumentException as {@link #fromManifest(SnapshotManifest, Path)}, and for a MiCE posterior head,
     *                                  which needs its queue file
     */
    public static ClusterHead fromManifest(SnapshotManifest manifest) {
        return fromManifest(manifest, null);
    }

    /**
     * @param queueFileOrNull the MiCE posterior head's queue file (a verified snapshot's {@code queue()}), else null
     * @throws IllegalArgumentException when the head is missing, inconsistent with the manifest's K and embedding
     *                                  dimension, of a kind this version cannot serve, or a MiCE posterior head
     *                                  without a queue file of queue_size·K·expert_dim·4 bytes
     * @throws java.io.UncheckedIOException when the queue file cannot be read
     */
    public static ClusterHead fromManifest(SnapshotManifest manifest, Path queueFileOrNull) {
        int k = manifest.getNumClusters();
        int dim = manifest.getEmbeddingDim();
        ClusterHead head = switch (manifest.getHead().getKindCase()) {
            case PROTOTYPE -> PrototypeClusterHead.of(manifest.getHead().getPrototype(), k, dim);
            case MLP -> new MlpClusterHead(manifest.getHead().getMlp());
            case MICE_POSTERIOR -> {
                if (queueFileOrNull == null) {
                    throw new IllegalArgumentException("the MiCE posterior head needs its frozen queue file: serve the "
                            + "verified Snapshot (ServingModel.load(snapshot, options)), whose queue() resolves it");
                }
                yield MicePosteriorClusterHead.of(manifest.getHead().getMicePosterior(), k, queueFileOrNull);
            }
            case KIND_NOT_SET -> throw new IllegalArgumentException("the manifest has no clustering head");
        };
        if (head.numClusters() != k || head.featureDim() != dim) {
            throw new IllegalArgumentException("the head maps " + head.featureDim() + " features to " + head.numClusters()
                    + " clusters, but the manifest declares embedding_dim " + dim + " and num_clusters " + k);
        }
        return head;
    }

    private ClusterHeads() {}
}
