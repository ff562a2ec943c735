package io.clusterstream.core.alignment;

import io.clusterstream.schemas.v1.Alignment;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusterMatch;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link ClusterAlignment#align}: the key of each child cluster, which parent cluster (if any) it
 * continues, and how well the two models agree on the sample. Immutable; array getters return copies.
 */
public final class AlignmentResult {

    /** {@link #parentOf()} value, and {@code ClusterMatch.parent_cluster_id}, of a cluster that got a new key. */
    public static final int NEW_CLUSTER = -1;

    private final String[] childKeys;
    private final int[] parentOf;
    private final int[] candidateOf;
    private final double[] overlaps;
    private final long[] childSizes;
    private final long[] parentSizes;
    private final long sampleSize;
    private final double agreement;

    AlignmentResult(
            String[] childKeys,
            int[] parentOf,
            int[] candidateOf,
            double[] overlaps,
            long[] childSizes,
            long[] parentSizes,
            long sampleSize,
            double agreement) {
        this.childKeys = childKeys;
        this.parentOf = parentOf;
        this.candidateOf = candidateOf;
        this.overlaps = overlaps;
        this.childSizes = childSizes;
        this.parentSizes = parentSizes;
        this.sampleSize = sampleSize;
        this.agreement = agreement;
    }

    /** Number of child clusters. */
    public int childK() {
        return childKeys.length;
    }

    /** Number of parent clusters. */
    public int parentK() {
        return parentSizes.length;
    }

    /** The key of each child cluster, indexed by child cluster id: inherited from its parent, or new. */
    public String[] childKeys() {
        return childKeys.clone();
    }

    public String childKey(int childCluster) {
        return childKeys[childCluster];
    }

    /** The parent cluster each child continues (and took its key from), or {@link #NEW_CLUSTER}. */
    public int[] parentOf() {
        return parentOf.clone();
    }

    /** True when the child cluster got a new key. */
    public boolean isNew(int childCluster) {
        return parentOf[childCluster] == NEW_CLUSTER;
    }

    /** Number of child clusters that got a new key. */
    public int newClusterCount() {
        int count = 0;
        for (int p : parentOf) {
            if (p == NEW_CLUSTER) {
                count++;
            }
        }
        return count;
    }

    /**
     * The parent cluster the Hungarian optimum matched to each child, whether or not the match was strong enough to
     * pass on the key; {@link #NEW_CLUSTER} when the child was left unmatched (more child than parent clusters).
     */
    public int[] matchedParentOf() {
        return candidateOf.clone();
    }

    /**
     * For each child cluster, the share of its sample images that the parent put in the Hungarian-matched parent
     * cluster ({@link #matchedParentOf()}); 0 for an empty or unmatched child. For a child that got a new key this
     * is the overlap that fell short (or the match that took too small a share of its parent).
     */
    public double[] overlaps() {
        return overlaps.clone();
    }

    /** Sample images the child model put in each of its clusters. */
    public long[] childSizes() {
        return childSizes.clone();
    }

    /** Sample images the parent model put in each of its clusters. */
    public long[] parentSizes() {
        return parentSizes.clone();
    }

    public long sampleSize() {
        return sampleSize;
    }

    /**
     * Fraction of the sample on which the two models agree under the optimal one-to-one matching of their clusters:
     * the sum of the matched cells of the contingency table over the sample size, in [0, 1] (0 for an empty sample).
     */
    public double agreement() {
        return agreement;
    }

    /**
     * The alignment as it goes into the child's manifest. A new cluster's match has parent_cluster_id −1 and, as
     * in {@link #overlaps()}, the overlap with the parent it was matched to but did not continue.
     */
    public Alignment toProto(long parentVersion) {
        Alignment.Builder alignment = Alignment.newBuilder()
                .setParentVersion(parentVersion)
                .setSampleSize(sampleSize)
                .setAgreement(agreement);
        for (int c = 0; c < childKeys.length; c++) {
            alignment.addMatches(ClusterMatch.newBuilder()
                    .setClusterId(c)
                    .setParentClusterId(parentOf[c])
                    .setOverlap(overlaps[c]));
        }
        return alignment.build();
    }

    /** {@link #applyTo(SnapshotManifest.Builder, Map)} without tags to carry over. */
    public SnapshotManifest.Builder applyTo(SnapshotManifest.Builder child) {
        return applyTo(child, Map.of());
    }

    /**
     * Writes the alignment into the child's manifest: sets each cluster's key (adding a {@link ClusterInfo} for every
     * cluster the manifest does not list yet), its tag from {@code tagsByKey} (see {@link
     * ClusterAlignment#tagsByKey(SnapshotManifest)}), and the {@code alignment} field against the manifest's
     * {@code parent_version}. A cluster whose key is not in {@code tagsByKey} keeps the tag it already has only if its
     * key did not change; otherwise its tag is cleared, since a tag belongs to a key.
     *
     * @return {@code child}, for chaining
     * @throws IllegalArgumentException when the manifest's parent_version is not set (0), or its num_clusters or
     *                                  cluster list disagrees with the number of child clusters
     */
    public SnapshotManifest.Builder applyTo(SnapshotManifest.Builder child, Map<String, String> tagsByKey) {
        Map<String, String> tags = tagsByKey == null ? Map.of() : tagsByKey;
        int k = childKeys.length;
        if (child.getParentVersion() == 0) {
            throw new IllegalArgumentException("the manifest has no parent_version to align against");
        }
        if (child.getNumClusters() != 0 && child.getNumClusters() != k) {
            throw new IllegalArgumentException(
                    "the manifest has num_clusters " + child.getNumClusters() + " but the alignment covers " + k);
        }
        if (child.getClustersCount() > k) {
            throw new IllegalArgumentException(
                    "the manifest lists " + child.getClustersCount() + " clusters but the alignment covers " + k);
        }
        for (int c = 0; c < k; c++) {
            boolean present = c < child.getClustersCount();
            ClusterInfo.Builder info = present
                    ? child.getClusters(c).toBuilder()
                    : ClusterInfo.newBuilder().setClusterId(c);
            if (present && info.getClusterId() != c) {
                throw new IllegalArgumentException(
                        "the manifest's cluster at index " + c + " has cluster_id " + info.getClusterId());
            }
            String key = childKeys[c];
            String tag = tags.get(key);
            if (tag != null) {
                info.setTag(tag);
            } else if (!key.equals(info.getKey())) {
                info.clearTag();
            }
            info.setKey(key);
            if (present) {
                child.setClusters(c, info);
            } else {
                child.addClusters(info);
            }
        }
        child.setAlignment(toProto(child.getParentVersion()));
        return child;
    }

    /** The child keys as a list, indexed by cluster id. */
    public List<String> childKeyList() {
        return List.of(childKeys);
    }
}
