package io.clusterstream.core.alignment;

import java.util.List;

/**
 * Whether a model may be published, and if not, why: one human-readable reason per failed check.
 *
 * @param accepted true exactly when {@code reasons} is empty
 */
public record GateDecision(boolean accepted, List<String> reasons) {

    public GateDecision {
        reasons = List.copyOf(reasons);
        if (accepted != reasons.isEmpty()) {
            throw new IllegalArgumentException(accepted
                    ? "an accepted decision carries no reasons, got " + reasons
                    : "a rejection needs at least one reason");
        }
    }

    public static GateDecision accept() {
        return new GateDecision(true, List.of());
    }

    public static GateDecision reject(List<String> reasons) {
        return new GateDecision(false, reasons);
    }

    /** The reasons joined with "; ", or "accepted". */
    public String summary() {
        return accepted ? "accepted" : String.join("; ", reasons);
    }
}
