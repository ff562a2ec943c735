package io.clusterstream.core.alignment;

import io.clusterstream.core.assignment.Assignment;
import io.clusterstream.core.assignment.LinearAssignment;
import io.clusterstream.core.baseline.ClusterKeys;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligns a refitted model's clusters to those of the version it was refitted from, so that stable cluster keys (and
 * the human tags attached to them) carry over.
 *
 * <p>Both models assign the same sample. The child × parent contingency table of those assignments is
 * Hungarian-matched for the largest total agreement (rectangular tables are fine: with more child than parent
 * clusters some children stay unmatched, with fewer some parents do and their keys are retired). A matched child
 * inherits its parent's key only when the match is real under the {@link AlignmentPolicy}; every other child gets
 * a new key, {@link ClusterKeys#fresh(long, int)}. Because the matching is one-to-one, a parent cluster split in
 * two passes its key to one part only (the one the optimum matched, normally the larger), and the other part is new.
 */
public final class ClusterAlignment {

    private ClusterAlignment() {
    }

    /** {@link #align(int[], int[], int, int, List, long, AlignmentPolicy)} with {@link AlignmentPolicy#DEFAULTS}. */
    public static AlignmentResult align(
            int[] parentLabels, int[] childLabels, int parentK, int childK, List<String> parentKeys, long childVersion) {
        return align(parentLabels, childLabels, parentK, childK, parentKeys, childVersion, AlignmentPolicy.DEFAULTS);
    }

    /**
     * Aligns the child model to its parent.
     *
     * @param parentLabels the parent's cluster of each sample image, in [0, parentK)
     * @param childLabels  the child's cluster of the same images, in the same order, in [0, childK)
     * @param parentKeys   the parent's key of each parent cluster, {@code parentKeys.get(p)} for cluster p; a blank
     *                     key (a manifest without keys) is never inherited
     * @param childVersion version of the child model, used to mint new keys
     * @throws IllegalArgumentException on mismatched lengths, labels out of range, a negative K, a wrong number of
     *                                  parent keys, duplicate parent keys, or a new key that would collide with an
     *                                  inherited one (the child version is not newer than the parent keys)
     */
    public static AlignmentResult align(
            int[] parentLabels,
            int[] childLabels,
            int parentK,
            int childK,
            List<String> parentKeys,
            long childVersion,
            AlignmentPolicy policy) {
        validate(parentLabels, childLabels, parentK, childK, parentKeys, policy);
        int n = parentLabels.length;

        long[][] counts = new long[childK][parentK];
        long[] childSizes = new long[childK];
        long[] parentSizes = new long[parentK];
        for (int s = 0; s < n; s++) {
            counts[childLabels[s]][parentLabels[s]]++;
            childSizes[childLabels[s]]++;
            parentSizes[parentLabels[s]]++;
        }

        double[][] weight = new double[childK][parentK];
        for (int c = 0; c < childK; c++) {
            for (int p = 0; p < parentK; p++) {
                weight[c][p] = counts[c][p];
            }
        }
        Assignment matching = LinearAssignment.maximize(weight);

        String[] keys = new String[childK];
        int[] parentOf = new int[childK];
        int[] candidateOf = new int[childK];
        double[] overlaps = new double[childK];
        long agreed = 0;
        Set<String> inherited = new HashSet<>();
        for (int c = 0; c < childK; c++) {
            int p = matching.columnOf(c);
            candidateOf[c] = p;
            long matched = p == Assignment.UNMATCHED ? 0 : counts[c][p];
            agreed += matched;
            overlaps[c] = childSizes[c] == 0 ? 0.0 : (double) matched / childSizes[c];
            boolean real = matched > 0
                    && overlaps[c] >= policy.minOverlap()
                    && matched >= policy.minShareOfParent() * parentSizes[p]
                    && !parentKeys.get(p).isBlank();
            if (real) {
                parentOf[c] = p;
                keys[c] = parentKeys.get(p);
                inherited.add(keys[c]);
            } else {
                parentOf[c] = AlignmentResult.NEW_CLUSTER;
            }
        }
        for (int c = 0; c < childK; c++) {
            if (keys[c] == null) {
                keys[c] = ClusterKeys.fresh(childVersion, c);
                if (inherited.contains(keys[c])) {
                    throw new IllegalArgumentException("new key " + keys[c] + " of child cluster " + c
                            + " collides with an inherited parent key; is child version " + childVersion
                            + " newer than the parent?");
                }
            }
        }
        double agreement = n == 0 ? 0.0 : (double) agreed / n;
        return new AlignmentResult(keys, parentOf, candidateOf, overlaps, childSizes, parentSizes, n, agreement);
    }

    /** The keys of {@code parent}'s clusters, indexed by cluster id ({@code ""} where the manifest has none). */
    public static List<String> parentKeys(SnapshotManifest parent) {
        int k = Math.max(parent.getNumClusters(), parent.getClustersCount());
        String[] keys = new String[k];
        Arrays.fill(keys, "");
        for (int i = 0; i < parent.getClustersCount(); i++) {
            ClusterInfo info = parent.getClusters(i);
            int id = info.getClusterId() < k && info.getClusterId() >= 0 ? info.getClusterId() : i;
            keys[id] = info.getKey();
        }
        return List.of(keys);
    }

    /** The non-blank tags of {@code parent}'s clusters by cluster key, for {@link AlignmentResult#applyTo}. */
    public static Map<String, String> tagsByKey(SnapshotManifest parent) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (ClusterInfo info : parent.getClustersList()) {
            if (!info.getKey().isBlank() && !info.getTag().isBlank()) {
                tags.put(info.getKey(), info.getTag());
            }
        }
        return tags;
    }

    private static void validate(
            int[] parentLabels, int[] childLabels, int parentK, int childK, List<String> parentKeys, AlignmentPolicy policy) {
        if (parentLabels == null || childLabels == null) {
            throw new IllegalArgumentException("parent and child labels must not be null");
        }
        if (parentLabels.length != childLabels.length) {
            throw new IllegalArgumentException("parent labels cover " + parentLabels.length
                    + " images but child labels cover " + childLabels.length);
        }
        if (parentK < 0 || childK < 0) {
            throw new IllegalArgumentException("parentK and childK must not be negative, got " + parentK + ", " + childK);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        if (parentKeys == null || parentKeys.size() != parentK) {
            throw new IllegalArgumentException("expected " + parentK + " parent keys, got "
                    + (parentKeys == null ? "null" : parentKeys.size()));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int p = 0; p < parentK; p++) {
            String key = parentKeys.get(p);
            if (key == null) {
                throw new IllegalArgumentException("parent key of cluster " + p + " is null");
            }
            if (!key.isBlank()) {
                Integer previous = seen.put(key, p);
                if (previous != null) {
                    throw new IllegalArgumentException(
                            "parent clusters " + previous + " and " + p + " share the key " + key);
                }
            }
        }
        checkRange(parentLabels, parentK, "parent");
        checkRange(childLabels, childK, "child");
    }

    private static void checkRange(int[] labels, int k, String which) {
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] < 0 || labels[s] >= k) {
                throw new IllegalArgumentException(
                        which + " label " + labels[s] + " of image " + s + " is outside [0, " + k + ")");
            }
        }
    }
}
