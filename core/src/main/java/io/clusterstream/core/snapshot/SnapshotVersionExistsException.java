package io.clusterstream.core.snapshot;

/** Publishing was refused because the version is already published; snapshots are immutable. */
public final class SnapshotVersionExistsException extends SnapshotException {

    private static final long serialVersionUID = 1L;

    public SnapshotVersionExistsException(String modelId, long version) {
        super("snapshot " + modelId + " v" + version + " is already published");
    }
}
