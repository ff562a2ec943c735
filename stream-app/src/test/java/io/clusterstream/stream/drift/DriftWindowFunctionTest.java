package io.clusterstream.stream.drift;

import static io.clusterstream.stream.drift.DriftFixtures.MINUTE;
import static io.clusterstream.stream.drift.DriftFixtures.MODEL;
import static io.clusterstream.stream.drift.DriftFixtures.VERSION;
import static io.clusterstream.stream.drift.DriftFixtures.assignment;
import static io.clusterstream.stream.drift.DriftFixtures.config;
import static io.clusterstream.stream.drift.DriftFixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.stream.events.AssignmentRecord;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriftWindowFunctionTest {

    /** Start of a window: ten minutes after the epoch. */
    private static final long T0 = 10 * MINUTE;

    private KeyedBroadcastOperatorTestHarness<String, AssignmentRecord, SnapshotReference, DriftReportRecord> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void openHarness(boolean perSource) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new DriftWindowFunction(config(perSource)),
                DriftKeys.selector(perSource),
                Types.STRING,
                DriftWindowFunction.REFERENCES);
    }

    /** Sends {@code n} assignments to the cluster, spread over the first 50 s of the window starting at start. */
    private void send(int n, int clusterId, long start) throws Exception {
        for (int i = 0; i < n; i++) {
            long t = start + i * 1000L;
            harness.processElement(assignment(clusterId, t), t);
        }
    }

    private List<DriftReportRecord> reports() {
        return harness.extractOutputValues();
    }

    @Test
    void aStableMixIsReportedWithItsCountsAndNoAlert() throws Exception {
        openHarness(false);
        harness.setProcessingTime(1234);
        harness.processBroadcastElement(reference(0.5, 0.3, 0.2), 0);
        send(10, 0, T0);
        send(6, 1, T0);
        send(4, 2, T0);
        AssignmentRecord novel = assignment(0, T0 + 500);
        novel.novel = true;
        harness.processElement(novel, T0 + 500);
        harness.processElement(assignment(1, T0 + 600), T0 + 600);

        harness.watermark(T0 + MINUTE - 2);
        assertTrue(reports().isEmpty(), "the window is still open");
        harness.watermark(T0 + MINUTE - 1);

        assertEquals(1, reports().size());
        DriftReportRecord report = reports().get(0);
        assertEquals(MODEL, report.modelId);
        assertEquals(VERSION, report.version);
        assertEquals(T0, report.windowStartMs);
        assertEquals(T0 + MINUTE, report.windowEndMs);
        assertEquals("", report.source);
        assertEquals(22, report.count);
        assertArrayEquals(new long[] {11, 7, 4}, report.clusterCounts);
        assertArrayEquals(new double[] {0.5, 7 / 22.0, 4 / 22.0}, report.proportions, 1e-12);
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, report.referenceProportions, 1e-12);
        assertArrayEquals(new String[] {"k0", "k1", "k2"}, report.clusterKeys);
        assertEquals(0.8, report.meanConfidence, 1e-6);
        assertEquals(0.5, report.meanEntropy, 1e-6);
        assertEquals(1 / 22.0, report.noveltyRate, 1e-12);
        assertTrue(report.jsDivergence < 0.01, "js " + report.jsDivergence);
        assertTrue(report.psi < 0.01, "psi " + report.psi);
        assertTrue(Double.isNaN(report.embeddingMeanShift), "no embedding reference");
        assertFalse(report.alert, report.alertReason);
        assertEquals("", report.alertReason);
        assertEquals(1234, report.emittedTimeMs);
        assertEquals(0, harness.numEventTimeTimers(), "the window's timer is gone");
    }

    @Test
    void aShiftedMixRaisesAClusterMixAlert() throws Exception {
        openHarness(false);
        harness.processBroadcastElement(reference(1 / 3.0, 1 / 3.0, 1 / 3.0), 0);
        send(20, 0, T0);
        harness.watermark(T0 + MINUTE);

        DriftReportRecord report = reports().get(0);
        assertArrayEquals(new long[] {20, 0, 0}, report.clusterCounts);
        assertTrue(report.alert);
        // w = sqrt((2/3)² / (1/3) + 2 (1/3)² / (1/3)) = sqrt(2).
        assertTrue(report.alertReason.contains("cluster mix w=1.414 > 0.300"), report.alertReason);
        assertTrue(report.jsDivergence > 0.3, "js " + report.jsDivergence);
    }

    @Test
    void aWindowBelowMinCountNeverAlerts() throws Exception {
        openHarness(false);
        harness.processBroadcastElement(reference(1 / 3.0, 1 / 3.0, 1 / 3.0), 0);
        send(19, 0, T0);
        harness.watermark(T0 + MINUTE);

        DriftReportRecord report = reports().get(0);
        assertEquals(19, report.count);
        assertTrue(report.jsDivergence > 0.3, "statistics are still reported");
        assertFalse(report.alert);
        assertEquals("", report.alertReason);
    }

    @Test
    void perSourceWindowsKeepSourcesApart() throws Exception {
        openHarness(true);
        harness.processBroadcastElement(reference(0.5, 0.5), 0);
        harness.processElement(assignment(MODEL, VERSION, "camera-1", 0, T0 + 1), T0 + 1);
        harness.processElement(assignment(MODEL, VERSION, "camera-1", 0, T0 + 2), T0 + 2);
        harness.processElement(assignment(MODEL, VERSION, "camera-1", 1, T0 + 3), T0 + 3);
        harness.processElement(assignment(MODEL, VERSION, "camera-2", 1, T0 + 4), T0 + 4);
        harness.watermark(T0 + MINUTE);

        List<DriftReportRecord> reports = reports().stream()
                .sorted(Comparator.comparing((DriftReportRecord r) -> r.source))
                .toList();
        assertEquals(2, reports.size());
        assertEquals("camera-1", reports.get(0).source);
        assertArrayEquals(new long[] {2, 1}, reports.get(0).clusterCounts);
        assertEquals("camera-2", reports.get(1).source);
        assertArrayEquals(new long[] {0, 1}, reports.get(1).clusterCounts);
    }

    @Test
    void withoutPerSourceAllSourcesShareAWindow() throws Exception {
        openHarness(false);
        harness.processElement(assignment(MODEL, VERSION, "camera-1", 0, T0 + 1), T0 + 1);
        harness.processElement(assignment(MODEL, VERSION, "camera-2", 1, T0 + 2), T0 + 2);
        harness.watermark(T0 + MINUTE);

        assertEquals(1, reports().size());
        assertEquals("", reports().get(0).source);
        assertEquals(2, reports().get(0).count);
    }

    @Test
    void consecutiveWindowsAreReportedOneAfterTheOther() throws Exception {
        openHarness(false);
        harness.processBroadcastElement(reference(0.5, 0.5), 0);
        send(2, 0, T0);
        // The end of a window is the start of the next one.
        harness.processElement(assignment(1, T0 + MINUTE), T0 + MINUTE);
        send(2, 1, T0 + MINUTE + 1);

        harness.watermark(T0 + MINUTE - 1);
        assertEquals(1, reports().size());
        harness.watermark(T0 + 2 * MINUTE - 1);

        List<DriftReportRecord> reports = reports();
        assertEquals(2, reports.size());
        assertEquals(T0, reports.get(0).windowStartMs);
        assertEquals(T0 + MINUTE, reports.get(0).windowEndMs);
        assertArrayEquals(new long[] {2, 0}, reports.get(0).clusterCounts);
        assertEquals(T0 + MINUTE, reports.get(1).windowStartMs);
        assertEquals(T0 + 2 * MINUTE, reports.get(1).windowEndMs);
        assertArrayEquals(new long[] {0, 3}, reports.get(1).clusterCounts);
    }

    @Test
    void theEmbeddingMeanShiftIsMeasuredAgainstTheReferenceMean() throws Exception {
        openHarness(false);
        SnapshotReference reference = reference(0.5, 0.5);
        reference.embeddingMean = new float[] {1, 1};
        reference.rmsSpread = 2;
        harness.processBroadcastElement(reference, 0);
        AssignmentRecord a = assignment(0, T0 + 1);
        a.embedding = new float[] {2, 1};
        AssignmentRecord b = assignment(1, T0 + 2);
        b.embedding = new float[] {4, 1};
        AssignmentRecord withoutEmbedding = assignment(1, T0 + 3);
        harness.processElement(a, T0 + 1);
        harness.processElement(b, T0 + 2);
        harness.processElement(withoutEmbedding, T0 + 3);
        harness.watermark(T0 + MINUTE);

        // Window mean (3, 1) is 2 away from (1, 1): one spread of 2.
        assertEquals(1.0, reports().get(0).embeddingMeanShift, 1e-9);
    }

    @Test
    void withoutAReferenceTheWindowIsComparedWithAUniformMix() throws Exception {
        openHarness(false);
        harness.processElement(assignment(0, T0 + 1), T0 + 1);
        harness.processElement(assignment(0, T0 + 2), T0 + 2);
        harness.processElement(assignment(1, T0 + 3), T0 + 3);
        harness.watermark(T0 + MINUTE);

        DriftReportRecord report = reports().get(0);
        assertArrayEquals(new double[] {0.5, 0.5}, report.referenceProportions, 1e-12);
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, report.proportions, 1e-12);
        assertArrayEquals(new String[] {"seen-0", "seen-1"}, report.clusterKeys, "keys seen on the assignments");
    }

    @Test
    void referencesApplyOnlyToTheirOwnModelVersion() throws Exception {
        openHarness(false);
        harness.processBroadcastElement(reference(0.9, 0.1), 0);
        harness.processElement(assignment(MODEL, VERSION + 1, "camera-1", 0, T0 + 1), T0 + 1);
        harness.processElement(assignment(MODEL, VERSION + 1, "camera-1", 1, T0 + 2), T0 + 2);
        harness.watermark(T0 + MINUTE);

        DriftReportRecord report = reports().get(0);
        assertEquals(VERSION + 1, report.version);
        assertArrayEquals(new double[] {0.5, 0.5}, report.referenceProportions, 1e-12);
    }

    @Test
    void aLateAssignmentIsDroppedAndCounted() throws Exception {
        try (var metered = MeteredKeyedBroadcastHarness.open(
                new DriftWindowFunction(config(false)),
                DriftKeys.selector(false),
                Types.STRING,
                DriftWindowFunction.REFERENCES)) {
            metered.processElement(assignment(0, T0 + 1000), T0 + 1000);
            metered.watermark(T0 + MINUTE - 1);
            assertEquals(1, metered.extractOutputValues().size());

            metered.processElement(assignment(1, T0 + 2000), T0 + 2000);
            metered.processElement(assignment(1, T0 + MINUTE), T0 + MINUTE);
            assertEquals(1L, ((Counter) metered.metric("lateAssignments")).getCount());
            metered.watermark(T0 + 3 * MINUTE);

            List<DriftReportRecord> reports = metered.extractOutputValues();
            assertEquals(2, reports.size(), "the reported window is not reported again");
            assertEquals(T0 + MINUTE, reports.get(1).windowStartMs);
            assertArrayEquals(new long[] {0, 1}, reports.get(1).clusterCounts);
        }
    }

    @Test
    void windowsAlertsAndTheLastStatisticsAreExposedAsMetrics() throws Exception {
        try (var metered = MeteredKeyedBroadcastHarness.open(
                new DriftWindowFunction(config(false)),
                DriftKeys.selector(false),
                Types.STRING,
                DriftWindowFunction.REFERENCES)) {
            assertTrue(Double.isNaN(gauge(metered, "lastJsDivergence")), "no window yet");
            metered.processBroadcastElement(reference(0.5, 0.5), 0);
            for (int i = 0; i < 20; i++) {
                metered.processElement(assignment(0, T0 + i), T0 + i);
            }
            AssignmentRecord novel = assignment(0, T0 + MINUTE);
            novel.novel = true;
            metered.processElement(novel, T0 + MINUTE);
            metered.processElement(assignment(1, T0 + MINUTE + 1), T0 + MINUTE + 1);
            metered.watermark(T0 + 2 * MINUTE);

            List<DriftReportRecord> reports = metered.extractOutputValues();
            assertEquals(2, reports.size());
            assertEquals(2L, ((Counter) metered.metric("driftWindows")).getCount());
            assertEquals(1L, ((Counter) metered.metric("driftAlerts")).getCount());
            assertEquals(0L, ((Counter) metered.metric("lateAssignments")).getCount());
            DriftReportRecord last = reports.get(1);
            assertEquals(last.jsDivergence, gauge(metered, "lastJsDivergence"));
            assertEquals(last.psi, gauge(metered, "lastPsi"));
            assertEquals(0.5, gauge(metered, "lastNoveltyRate"));
        }
    }

    private static double gauge(MeteredKeyedBroadcastHarness<?, ?, ?, ?> harness, String name) {
        return (Double) ((Gauge<?>) harness.metric(name)).getValue();
    }
}
