package io.clusterstream.core.snapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A manifest or its artifacts failed validation; carries every problem that was found. */
public final class SnapshotRejectedException extends SnapshotException {

    private static final long serialVersionUID = 1L;

    private final transient List<SnapshotProblem> problems;

    /**
     * @param subject  what was rejected, e.g. {@code "snapshot digits/v3"}
     * @param problems at least one problem
     */
    public SnapshotRejectedException(String subject, List<SnapshotProblem> problems) {
        super(describe(subject, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Builds a rejection with a single problem. */
    public static SnapshotRejectedException of(String subject, RejectionReason reason, String field, String detail) {
        return new SnapshotRejectedException(subject, List.of(new SnapshotProblem(reason, field, detail)));
    }

    /** Every problem found, in the order they were found. */
    public List<SnapshotProblem> problems() {
        return problems;
    }

    /** The distinct reasons among {@link #problems()}. */
    public Set<RejectionReason> reasons() {
        return problems.stream()
                .map(SnapshotProblem::reason)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectionReason.class)));
    }

    /** Whether any problem has the given reason. */
    public boolean hasReason(RejectionReason reason) {
        return problems.stream().anyMatch(p -> p.reason() == reason);
    }

    private static String describe(String subject, List<SnapshotProblem> problems) {
        return subject + " rejected (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "): "
                + problems.stream().map(SnapshotProblem::toString).collect(Collectors.joining("; "));
    }
}
