package io.clusterstream.core.snapshot;

/** A snapshot could not be published, found or used. */
public class SnapshotException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
