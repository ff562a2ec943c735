package io.clusterstream.stream.control;

import static io.clusterstream.stream.control.ControlFixtures.MINUTE;
import static io.clusterstream.stream.control.ControlFixtures.MODEL;
import static io.clusterstream.stream.control.ControlFixtures.T0;
import static io.clusterstream.stream.control.ControlFixtures.drift;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftControllerTopologyTest {

    @TempDir
    Path stateDir;

    private ControlTopologyTestSupport app;

    private ControlTopologyTestSupport start(ControlConfig config) {
        app = new ControlTopologyTestSupport(config, stateDir);
        return app;
    }

    private ControlTopologyTestSupport start() {
        return start(ControlConfig.defaults());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void twoAlertsThenACalmWindowRequestNothing() {
        start();
        app.send(drift(1, true));
        app.send(drift(2, true));
        app.send(drift(3, false));
        app.send(drift(4, true));
        app.send(drift(5, true));

        assertTrue(app.refitRequests.isEmpty());
    }

    @Test
    void threeConsecutiveAlertsRequestExactlyOneRefitWithTheirReportsAsEvidence() {
        start();
        DriftReport calm = drift(1, false);
        List<DriftReport> alerts = List.of(drift(2, true), drift(3, true), drift(4, true));
        app.send(calm);
        alerts.forEach(app::send);

        List<KeyValue<String, RefitRequest>> out = app.refitRequests.readKeyValuesToList();
        assertEquals(1, out.size());
        assertEquals(MODEL, out.get(0).key);
        RefitRequest request = out.get(0).value;
        assertEquals(MODEL, request.getModelId());
        assertEquals(1, request.getCurrentVersion());
        assertEquals(RefitTrigger.REFIT_TRIGGER_DRIFT, request.getTrigger());
        assertEquals(T0 + 4 * MINUTE, request.getRequestedTimeMs());
        assertEquals(alerts, request.getEvidenceList());
        assertEquals(DriftController.requestId(MODEL, T0 + 4 * MINUTE), request.getRequestId());
        assertTrue(request.getReason().startsWith("drift alert in 3 consecutive windows"), request.getReason());
        for (int minute = 2; minute <= 4; minute++) {
            assertTrue(request.getReason().contains("(minute " + minute + ")"), request.getReason());
        }
    }

    @Test
    void theRequestIdIsDeterministicAndDiffersPerModelAndWindow() {
        assertEquals(DriftController.requestId(MODEL, 5), DriftController.requestId(MODEL, 5));
        assertNotEquals(DriftController.requestId(MODEL, 5), DriftController.requestId(MODEL, 6));
        assertNotEquals(DriftController.requestId(MODEL, 5), DriftController.requestId("other", 5));
    }

    @Test
    void alertsDuringTheCooldownRequestNothingMoreAndTheFirstAfterItRequestsAgain() {
        start(new ControlConfig(ControlConfig.TopicNames.defaults(), 3, 0.2, Duration.ofMinutes(10)));
        // One-minute windows, alerting without end: the first request at minute 3 starts a cooldown until 13.
        for (int minute = 1; minute <= 14; minute++) {
            app.send(drift(minute, true));
        }

        List<RefitRequest> out = app.refitRequests.readValuesToList();
        assertEquals(List.of(T0 + 3 * MINUTE, T0 + 13 * MINUTE),
                out.stream().map(RefitRequest::getRequestedTimeMs).toList());
        assertEquals(List.of(drift(11, true), drift(12, true), drift(13, true)), out.get(1).getEvidenceList(),
                "the newest windows of the run are the evidence");
        assertTrue(out.get(1).getReason().startsWith("drift alert in 13 consecutive windows"), out.get(1).getReason());
    }

    @Test
    void aHighNoveltyRateAloneRequestsARefit() {
        start();
        DriftReport novel = drift(MODEL, 1, 1, false, 0.35);
        app.send(novel);
        app.send(drift(MODEL, 1, 2, false, 0.2)); // not above the trigger, and cooling down anyway

        List<RefitRequest> out = app.refitRequests.readValuesToList();
        assertEquals(1, out.size());
        assertEquals(List.of(novel), out.get(0).getEvidenceList());
        assertTrue(out.get(0).getReason().startsWith("novelty rate 0.350 > 0.200"), out.get(0).getReason());
    }

    @Test
    void reportsOfAnOlderVersionAreIgnored() {
        start();
        app.send(drift(MODEL, 2, 1, true, 0.01));
        app.send(drift(MODEL, 1, 2, true, 0.01));
        app.send(drift(MODEL, 1, 3, true, 0.01));
        app.send(drift(MODEL, 1, 4, true, 0.5));
        assertTrue(app.refitRequests.isEmpty(), "version 1 is older than the newest seen");

        app.send(drift(MODEL, 2, 2, true, 0.01));
        app.send(drift(MODEL, 2, 3, true, 0.01));
        RefitRequest request = app.refitRequests.readValue();
        assertEquals(2, request.getCurrentVersion());
        assertTrue(app.refitRequests.isEmpty());
    }

    @Test
    void aNewerVersionStartsAFreshRun() {
        start();
        app.send(drift(MODEL, 1, 1, true, 0.01));
        app.send(drift(MODEL, 1, 2, true, 0.01));
        app.send(drift(MODEL, 2, 3, true, 0.01));
        app.send(drift(MODEL, 2, 4, true, 0.01));
        assertTrue(app.refitRequests.isEmpty());
    }

    @Test
    void modelsAreJudgedSeparatelyAndRepeatedWindowsCountOnce() {
        start();
        for (int minute = 1; minute <= 2; minute++) {
            app.send(drift(MODEL, 1, minute, true, 0.01));
            app.send(drift("fashion", 1, minute, true, 0.01));
        }
        app.send(drift(MODEL, 1, 2, true, 0.01)); // redelivered
        assertTrue(app.refitRequests.isEmpty());

        app.send(drift("fashion", 1, 3, true, 0.01));
        assertEquals("fashion", app.refitRequests.readKeyValue().key);
        assertTrue(app.refitRequests.isEmpty());
    }
}
