package io.clusterstream.core.head;

import io.clusterstream.schemas.v1.SnapshotManifest;

/** Builds the serving head a snapshot manifest describes. */
public final class ClusterHeads {

    /**
     * @throws IllegalArgumentException when the head is missing, inconsistent with the manifest's K and embedding
     *                                  dimension, or of a kind this version cannot serve
     */
    public static ClusterHead fromManifest(SnapshotManifest manifest) {
        int k = manifest.getNumClusters();
        int dim = manifest.getEmbeddingDim();
        ClusterHead head = switch (manifest.getHead().getKindCase()) {
            case PROTOTYPE -> PrototypeClusterHead.of(manifest.getHead().getPrototype(), k, dim);
            case MLP -> new MlpClusterHead(manifest.getHead().getMlp());
            case MICE_POSTERIOR -> throw new IllegalArgumentException(
                    "the MiCE frozen-queue posterior head is not servable yet; publish the stateless gating head");
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
