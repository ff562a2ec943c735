package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterTag;

/**
 * How tags meet assignments. A tag belongs to a model id and a stable cluster key ({@link #tagKey}), not to a model
 * version, so a tag given once survives every refit that carries the cluster's key over.
 *
 * <p>The tagged assignment is the {@code ClusterAssignment} unchanged except for its {@code attributes} map, whose
 * entry {@value #TAG_ATTRIBUTE} holds the cluster's tag. The control app owns that entry: an untagged assignment
 * leaves without it, even if the image event carried an attribute of that name.
 */
public final class Tagger {

    /** The attribute of a tagged assignment that holds the cluster's tag. */
    public static final String TAG_ATTRIBUTE = "tag";

    private Tagger() {}

    /** The key of a cluster on the tags topic and in the catalog: {@code <model id>/<cluster key>}. */
    public static String tagKey(String modelId, String clusterKey) {
        return modelId + "/" + clusterKey;
    }

    /** The tag key of the cluster an assignment went to. */
    public static String tagKey(ClusterAssignment assignment) {
        return tagKey(assignment.getModel().getModelId(), assignment.getClusterKey());
    }

    /**
     * The assignment with its tag in {@link #TAG_ATTRIBUTE}.
     *
     * @param tag the cluster's tag, or null when it has none; an empty tag counts as none
     */
    public static ClusterAssignment withTag(ClusterAssignment assignment, ClusterTag tag) {
        boolean tagged = tag != null && !tag.getTag().isEmpty();
        if (!tagged && !assignment.containsAttributes(TAG_ATTRIBUTE)) {
            return assignment;
        }
        ClusterAssignment.Builder builder = assignment.toBuilder();
        if (tagged) {
            builder.putAttributes(TAG_ATTRIBUTE, tag.getTag());
        } else {
            builder.removeAttributes(TAG_ATTRIBUTE);
        }
        return builder.build();
    }

    /** The tag a tagged assignment carries, or "" when it has none. */
    public static String tagOf(ClusterAssignment assignment) {
        return assignment.getAttributesOrDefault(TAG_ATTRIBUTE, "");
    }
}
