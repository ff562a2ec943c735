package io.clusterstream.core.snapshot;

import java.io.IOException;
import java.util.List;

/**
 * Read-only view of published snapshots, whatever holds them. Implementations must only ever return snapshots that
 * passed {@link SnapshotVerifier}, so a corrupt or half-written version is never served; a store kept outside the
 * local filesystem (object storage) stages a version locally and verifies it there before returning it.
 */
public interface SnapshotSource {

    /** Published versions of {@code modelId} in ascending order; empty if there are none. */
    List<Long> versions(String modelId) throws IOException;

    /**
     * Loads and verifies one published version.
     *
     * @throws SnapshotNotFoundException if the version is not published
     * @throws SnapshotRejectedException if the snapshot fails verification
     */
    Snapshot load(String modelId, long version) throws IOException;
}
