package io.clusterstream.core.snapshot;

/** No published snapshot exists for the requested model id and version. */
public final class SnapshotNotFoundException extends SnapshotException {

    private static final long serialVersionUID = 1L;

    public SnapshotNotFoundException(String modelId, long version) {
        super("no published snapshot " + modelId + " v" + version);
    }
}
