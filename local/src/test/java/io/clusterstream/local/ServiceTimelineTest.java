package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceTimelineTest {

    private static ModelRef version(long v) {
        return ModelRef.newBuilder().setModelId("m").setVersion(v).build();
    }

    private static ClusterAssignment assignment(long v, String key) {
        return ClusterAssignment.newBuilder().setModel(version(v)).setClusterKey(key).build();
    }

    @Test
    void recordsWhatHappenedAndWhenItFirstHappened() {
        ServiceTimeline timeline = new ServiceTimeline();
        timeline.onSnapshot(SnapshotManifest.newBuilder().setModel(version(1)).build(), 10);
        timeline.onAssignment(assignment(1, "c0@v1"), 20);
        timeline.onDrift(DriftReport.newBuilder().setModel(version(1)).setCount(5).build(), 30);
        timeline.onDrift(DriftReport.newBuilder().setModel(version(1)).setAlert(true).build(), 40);
        timeline.onDrift(DriftReport.newBuilder().setModel(version(1)).setAlert(true).build(), 45);
        timeline.onRefitRequest(RefitRequest.newBuilder().setRequestId("r").build(), 50);
        timeline.onSnapshot(SnapshotManifest.newBuilder().setModel(version(2)).build(), 60);
        timeline.onAssignment(assignment(2, "c0@v1"), 70);
        timeline.onAssignment(assignment(2, "c3@v2"), 80);

        assertEquals(3, timeline.assignments());
        assertEquals(2, timeline.assignments(2));
        assertEquals(Set.of("c0@v1", "c3@v2"), timeline.keys(2));
        assertEquals(2, timeline.servingVersion());
        assertEquals(2, timeline.alerts());
        assertEquals(3, timeline.driftWindows());
        assertEquals(40, timeline.firstAlertMs().orElseThrow());
        assertEquals(45, timeline.firstAlertAtOrAfter(41).orElseThrow());
        assertEquals(50, timeline.firstRequestMs().orElseThrow());
        assertEquals(60, timeline.announcedMs(2).orElseThrow());
        assertEquals(70, timeline.firstAssignmentMs(2).orElseThrow());
        String line = timeline.summaryLine();
        assertTrue(line.contains("v1=1 v2=2") && line.contains("ALERT") && line.contains("refit requests 1")
                && line.contains("[1, 2]"), line);
    }
}
