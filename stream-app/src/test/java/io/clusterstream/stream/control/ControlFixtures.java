package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterShare;
import io.clusterstream.schemas.v1.ClusterTag;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.DriftStatistics;
import io.clusterstream.schemas.v1.ModelRef;
import java.time.Duration;

/** Builders of the wire messages the control app tests feed in. */
final class ControlFixtures {

    static final String MODEL = "cifar10";
    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    /** Window ends are counted in minutes from here. */
    static final long T0 = 1_700_000_000_000L;

    private ControlFixtures() {}

    static ModelRef model(String modelId, long version) {
        return ModelRef.newBuilder().setModelId(modelId).setVersion(version).build();
    }

    static ClusterAssignment assignment(String eventId, String modelId, long version, int clusterId, String clusterKey) {
        return ClusterAssignment.newBuilder()
                .setEventId(eventId)
                .setEventTimeMs(T0)
                .setSource("cam1")
                .setModel(model(modelId, version))
                .setClusterId(clusterId)
                .setClusterKey(clusterKey)
                .setConfidence(0.9f)
                .putAttributes("camera", "front")
                .build();
    }

    static ClusterTag tag(String modelId, String clusterKey, String tag) {
        return ClusterTag.newBuilder().setModelId(modelId).setClusterKey(clusterKey).setTag(tag).setAuthor("ops")
                .setUpdatedTimeMs(T0).build();
    }

    /** A one-minute window of {@code version} ending {@code minute} minutes after {@link #T0}. */
    static DriftReport drift(String modelId, long version, int minute, boolean alert, double noveltyRate) {
        return drift(T0, modelId, version, minute, alert, noveltyRate);
    }

    /** A one-minute window of {@code version} ending {@code minute} minutes after {@code t0}. */
    static DriftReport drift(long t0, String modelId, long version, int minute, boolean alert, double noveltyRate) {
        long end = t0 + minute * MINUTE;
        return DriftReport.newBuilder()
                .setModel(model(modelId, version))
                .setWindowStartMs(end - MINUTE)
                .setWindowEndMs(end)
                .setCount(200)
                .addClusters(share(0, "k0", 150, 0.75, 0.5))
                .addClusters(share(1, "k1", 50, 0.25, 0.5))
                .setStatistics(DriftStatistics.newBuilder().setJsDivergence(alert ? 0.21 : 0.01)
                        .setNoveltyRate(noveltyRate))
                .setAlert(alert)
                .setAlertReason(alert ? "js_divergence 0.21 > 0.10 (minute " + minute + ")" : "")
                .setEmittedTimeMs(end + 1000)
                .build();
    }

    static DriftReport drift(int minute, boolean alert) {
        return drift(MODEL, 1, minute, alert, 0.01);
    }

    static ClusterShare share(int clusterId, String key, long count, double proportion, double reference) {
        return ClusterShare.newBuilder().setClusterId(clusterId).setClusterKey(key).setCount(count)
                .setProportion(proportion).setReferenceProportion(reference).build();
    }
}
