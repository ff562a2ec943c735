package io.clusterstream.stream.drift;

import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.Arrays;

/**
 * What one model snapshot expects its live traffic to look like: the reference that drift windows are compared
 * against. Built from a {@link SnapshotManifest} at the Kafka edge; a Flink POJO inside the job.
 */
public final class SnapshotReference {
    public String modelId;
    public long version;
    public int numClusters;
    /** Stable cluster keys indexed by cluster id; "" for a cluster the manifest does not describe. */
    public String[] clusterKeys;
    /** Share of each cluster on the training sample, indexed by cluster id; uniform when the manifest has none. */
    public double[] referenceProportions;
    /** Mean training embedding, or null when the manifest has no embedding reference. */
    public float[] embeddingMean;
    /** RMS distance of training embeddings from their mean; NaN when unknown. */
    public double rmsSpread = Double.NaN;
    /** Share of assignments the novelty calibration expects to be novel (1 − quantile); 0 without calibration. */
    public double expectedNoveltyRate;

    public SnapshotReference() {}

    /** The reference a manifest describes. Inconsistent optional parts fall back to their "unknown" values. */
    public static SnapshotReference of(SnapshotManifest manifest) {
        SnapshotReference reference = new SnapshotReference();
        reference.modelId = manifest.getModel().getModelId();
        reference.version = manifest.getModel().getVersion();
        int k = clusterCount(manifest);
        reference.numClusters = k;
        reference.clusterKeys = clusterKeys(manifest, k);
        reference.referenceProportions = manifest.getReferenceProportionsCount() == k && k > 0
                ? manifest.getReferenceProportionsList().stream().mapToDouble(Double::doubleValue).toArray()
                : uniform(k);
        if (manifest.hasEmbeddingReference()) {
            var embedding = manifest.getEmbeddingReference();
            if (embedding.getMeanCount() > 0) {
                reference.embeddingMean = new float[embedding.getMeanCount()];
                for (int i = 0; i < reference.embeddingMean.length; i++) {
                    reference.embeddingMean[i] = embedding.getMean(i);
                }
            }
            // A zero spread cannot scale a shift; treat it as unknown rather than report infinities.
            reference.rmsSpread = embedding.getRmsSpread() > 0 ? embedding.getRmsSpread() : Double.NaN;
        }
        float quantile = manifest.hasNovelty() ? manifest.getNovelty().getQuantile() : 0f;
        reference.expectedNoveltyRate = quantile > 0 && quantile <= 1 ? 1.0 - quantile : 0.0;
        return reference;
    }

    /** The key of this reference in the broadcast state, see {@link DriftKeys#reference(String, long)}. */
    public String referenceKey() {
        return DriftKeys.reference(modelId, version);
    }

    /** {@code k} equal shares. */
    static double[] uniform(int k) {
        double[] shares = new double[k];
        Arrays.fill(shares, 1.0 / k);
        return shares;
    }

    private static int clusterCount(SnapshotManifest manifest) {
        if (manifest.getNumClusters() > 0) {
            return manifest.getNumClusters();
        }
        int k = manifest.getReferenceProportionsCount();
        for (ClusterInfo cluster : manifest.getClustersList()) {
            k = Math.max(k, cluster.getClusterId() + 1);
        }
        return k;
    }

    private static String[] clusterKeys(SnapshotManifest manifest, int k) {
        String[] keys = new String[k];
        Arrays.fill(keys, "");
        for (ClusterInfo cluster : manifest.getClustersList()) {
            if (cluster.getClusterId() < k) {
                keys[cluster.getClusterId()] = cluster.getKey();
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return "SnapshotReference{" + referenceKey() + ", k=" + numClusters + "}";
    }
}
