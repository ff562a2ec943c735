package io.clusterstream.stream.drift;

import io.clusterstream.core.drift.DriftThresholds;
import io.clusterstream.stream.events.AssignmentRecord;
import java.time.Duration;

/** Assignments, references and configs for the drift tests. */
final class DriftFixtures {

    static final String MODEL = "cifar10-cc";
    static final long VERSION = 3;
    static final long MINUTE = 60_000;

    /** Alerts from 20 assignments on; the other thresholds are the defaults. */
    static final DriftThresholds THRESHOLDS = new DriftThresholds(20, 0.3, 0.5, 0.5, Double.NaN, Double.NaN);

    static DriftConfig config(boolean perSource) {
        return new DriftConfig(Duration.ofMinutes(1), perSource, THRESHOLDS);
    }

    static AssignmentRecord assignment(int clusterId, long eventTimeMs) {
        return assignment(MODEL, VERSION, "camera-1", clusterId, eventTimeMs);
    }

    static AssignmentRecord assignment(String modelId, long version, String source, int clusterId, long eventTimeMs) {
        AssignmentRecord record = new AssignmentRecord();
        record.eventId = source + "@" + eventTimeMs + "#" + clusterId;
        record.eventTimeMs = eventTimeMs;
        record.source = source;
        record.modelId = modelId;
        record.modelVersion = version;
        record.clusterId = clusterId;
        record.clusterKey = "seen-" + clusterId;
        record.confidence = 0.8f;
        record.entropy = 0.5f;
        return record;
    }

    /** A reference with keys "k0".."k(n-1)", the given shares, no embedding reference and a 0.9 novelty quantile. */
    static SnapshotReference reference(double... proportions) {
        SnapshotReference reference = new SnapshotReference();
        reference.modelId = MODEL;
        reference.version = VERSION;
        reference.numClusters = proportions.length;
        reference.clusterKeys = new String[proportions.length];
        for (int i = 0; i < proportions.length; i++) {
            reference.clusterKeys[i] = "k" + i;
        }
        reference.referenceProportions = proportions.clone();
        reference.rmsSpread = Double.NaN;
        reference.expectedNoveltyRate = 0.1;
        return reference;
    }

    private DriftFixtures() {}
}
