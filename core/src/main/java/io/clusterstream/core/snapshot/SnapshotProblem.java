package io.clusterstream.core.snapshot;

import java.util.Objects;

/**
 * One thing wrong with a snapshot.
 *
 * @param reason machine-readable category
 * @param field  manifest field path the problem concerns, e.g. {@code head.prototype.temperature}
 * @param detail human-readable explanation
 */
public record SnapshotProblem(RejectionReason reason, String field, String detail) {

    public SnapshotProblem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + " " + field + ": " + detail;
    }
}
