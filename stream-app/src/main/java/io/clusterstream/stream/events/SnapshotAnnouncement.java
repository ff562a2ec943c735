package io.clusterstream.stream.events;

/**
 * A snapshot version announced on the snapshots topic. The job loads the artifacts from its snapshot store and
 * verifies them there; the announcement only says which version to load. A Flink POJO.
 */
public class SnapshotAnnouncement {
    public String modelId;
    public long version;
    /** The announced {@code SnapshotManifest} in its binary form (drift reads its reference statistics). */
    public byte[] manifest;
    /** Set when the announcement itself could not be read; such an announcement is counted and ignored. */
    public String error;

    public SnapshotAnnouncement() {}

    public SnapshotAnnouncement(String modelId, long version, String error) {
        this.modelId = modelId;
        this.version = version;
        this.error = error;
    }

    public static SnapshotAnnouncement of(io.clusterstream.schemas.v1.SnapshotManifest manifest) {
        SnapshotAnnouncement announcement =
                new SnapshotAnnouncement(manifest.getModel().getModelId(), manifest.getModel().getVersion(), null);
        announcement.manifest = manifest.toByteArray();
        return announcement;
    }

    @Override
    public String toString() {
        return error == null ? modelId + " v" + version : "unreadable announcement: " + error;
    }
}
