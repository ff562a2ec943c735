package io.clusterstream.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static final double[] UNIFORM = {0.25, 0.25, 0.25, 0.25};

    @Test
    void divergencesOfIdenticalDistributionsAreZero() {
        assertEquals(0, Divergences.jensenShannon(UNIFORM, UNIFORM), 1e-15);
        assertEquals(0, Divergences.populationStabilityIndex(UNIFORM, UNIFORM), 1e-15);
        assertEquals(0, Divergences.cohensW(UNIFORM, UNIFORM), 1e-15);
    }

    @Test
    void divergencesMatchHandComputedValues() {
        double[] p = {1, 0};
        double[] q = {0.5, 0.5};
        // M = (0.75, 0.25): JS = 0.5 ln(1/0.75) + 0.5 (0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25)).
        double js = 0.5 * Math.log(1 / 0.75) + 0.25 * Math.log(0.5 / 0.75) + 0.25 * Math.log(2);
        assertEquals(js, Divergences.jensenShannon(p, q), 1e-12);
        assertEquals(Math.log(2), Divergences.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
        // PSI floors the empty share at 1e-4.
        double psi = 0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
        assertEquals(psi, Divergences.populationStabilityIndex(p, q), 1e-12);
        // w = sqrt(0.25/0.5 + 0.25/0.5) = 1.
        assertEquals(1.0, Divergences.cohensW(p, q), 1e-12);
        assertEquals(Math.PI, Divergences.cohensH(1, 0), 1e-12);
        assertEquals(Math.log(4), Divergences.entropy(UNIFORM), 1e-12);
    }

    @Test
    void aShiftedClassMixRaisesAnAlertWithItsReason() {
        WindowSummary shifted = new WindowSummary(500, new double[] {0.55, 0.15, 0.15, 0.15}, UNIFORM, 0.8, 0.9, 0.01, 0.01, Double.NaN);

        DriftAssessment assessment = new DriftDetector(DriftThresholds.DEFAULTS).assess(shifted);

        assertTrue(assessment.alert());
        assertTrue(assessment.reason().startsWith("cluster mix w=0.6"), assessment.reason());
        assertEquals(1, assessment.reasons().size(), "NaN embedding shift must not alert: " + assessment.reasons());
    }

    @Test
    void aStableWindowDoesNotAlert() {
        WindowSummary stable = new WindowSummary(500, new double[] {0.27, 0.24, 0.26, 0.23}, UNIFORM, 0.8, 0.9, 0.012, 0.01, 0.05);
        assertFalse(new DriftDetector(DriftThresholds.DEFAULTS).assess(stable).alert());
    }

    @Test
    void aSmallWindowNeverAlertsHoweverSkewed() {
        WindowSummary tiny = new WindowSummary(5, new double[] {1, 0, 0, 0}, UNIFORM, 0.8, 0.9, 1, 0.01, 10);
        DriftAssessment assessment = new DriftDetector(DriftThresholds.DEFAULTS).assess(tiny);
        assertFalse(assessment.alert());
        assertTrue(assessment.clusterMixW() > 1, "statistics are still reported");
    }

    @Test
    void noveltyAndEmbeddingShiftAlertOnTheirOwn() {
        WindowSummary novel = new WindowSummary(500, UNIFORM, UNIFORM, 0.5, 1.2, 0.30, 0.01, 0.9);
        DriftAssessment assessment = new DriftDetector(DriftThresholds.DEFAULTS).assess(novel);
        assertEquals(2, assessment.reasons().size(), assessment.reason());
        assertTrue(assessment.reason().contains("novelty h="), assessment.reason());
        assertTrue(assessment.reason().contains("embedding shift=0.900 > 0.500"), assessment.reason());
    }

    @Test
    void thresholdsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new DriftThresholds(0, 0.3, 0.5, 0.5, Double.NaN, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DriftThresholds(10, -1, 0.5, 0.5, Double.NaN, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Divergences.jensenShannon(new double[2], new double[3]));
    }

    @Test
    void thresholdsSurviveJavaSerialization() throws Exception {
        // Stream jobs ship thresholds inside their (Java-serialized) functions.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(DriftThresholds.DEFAULTS);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(DriftThresholds.DEFAULTS, in.readObject());
        }
    }
}
