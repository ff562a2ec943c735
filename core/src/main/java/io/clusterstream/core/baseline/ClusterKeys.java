package io.clusterstream.core.baseline;

/** Stable cluster keys. A key is minted once, when a cluster first appears, and carried over by later refits. */
public final class ClusterKeys {

    /** The key of cluster {@code clusterId} born in model version {@code version}, e.g. {@code c3@v1}. */
    public static String fresh(long version, int clusterId) {
        return "c" + clusterId + "@v" + version;
    }

    private ClusterKeys() {}
}
