package io.clusterstream.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {

    private static final double SPEC = 1e-6;
    private static final double EXACT = 1e-12;

    private static final int[] SPEC_TRUTH = {0, 0, 1, 1, 2, 2};

    @Test
    void workedExampleOfTheSpec() {
        ClusteringScores scores = ClusteringMetrics.evaluate(SPEC_TRUTH, new int[] {1, 1, 0, 2, 2, 2});

        assertEquals(0.833333, scores.acc(), SPEC);
        assertEquals(0.739667, scores.nmi(), SPEC);
        assertEquals(0.444444, scores.ari(), SPEC);
        assertEquals(5.0 / 6.0, scores.acc(), EXACT);
        assertEquals(4.0 / 9.0, scores.ari(), EXACT);
        assertEquals(6, scores.n());
    }

    @Test
    void workedExampleIntermediateQuantities() {
        // MI = 0.780355, H(y) = ln 3 = 1.098612, H(ŷ) = 1.011404 per the spec.
        double mi = 0.780355;
        double nmi = ClusteringMetrics.normalizedMutualInformation(
                ContingencyTable.of(SPEC_TRUTH, new int[] {1, 1, 0, 2, 2, 2}));
        assertEquals(mi / ((1.098612 + 1.011404) / 2), nmi, SPEC);
    }

    @Test
    void relabelledPredictionIsPerfect() {
        ClusteringScores scores = ClusteringMetrics.evaluate(SPEC_TRUTH, new int[] {5, 5, 9, 9, 7, 7});
        assertEquals(1.0, scores.acc(), EXACT);
        assertEquals(1.0, scores.nmi(), EXACT);
        assertEquals(1.0, scores.ari(), EXACT);
    }

    @Test
    void constantPredictionScoresChanceLevel() {
        ClusteringScores scores = ClusteringMetrics.evaluate(SPEC_TRUTH, new int[] {3, 3, 3, 3, 3, 3});
        assertEquals(1.0 / 3.0, scores.acc(), EXACT);
        assertEquals(0.0, scores.nmi(), EXACT);
        assertEquals(0.0, scores.ari(), EXACT);
    }

    @Test
    void constantTruthAgainstVariedPrediction() {
        ClusteringScores scores = ClusteringMetrics.evaluate(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3});
        assertEquals(0.25, scores.acc(), EXACT);
        assertEquals(0.0, scores.nmi(), EXACT);
        assertEquals(0.0, scores.ari(), EXACT);
    }

    @Test
    void bothConstantFollowsScikitLearn() {
        ClusteringScores scores = ClusteringMetrics.evaluate(new int[] {4, 4, 4}, new int[] {0, 0, 0});
        assertEquals(1.0, scores.acc(), EXACT);
        assertEquals(1.0, scores.nmi(), EXACT);
        assertEquals(1.0, scores.ari(), EXACT);

        ClusteringScores single = ClusteringMetrics.evaluate(new int[] {2}, new int[] {7});
        assertEquals(new ClusteringScores(1.0, 1.0, 1.0, 1), single);
    }

    @Test
    void bothAllSingletonsIsAPerfectMatch() {
        ClusteringScores scores = ClusteringMetrics.evaluate(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0});
        assertEquals(1.0, scores.acc(), EXACT);
        assertEquals(1.0, scores.nmi(), EXACT);
        assertEquals(1.0, scores.ari(), EXACT);
    }

    @Test
    void moreClustersThanClasses() {
        // 3 classes, 5 clusters (labels 0, 1, 2, 4, 9). Contingency rows by class:
        //   class 0: {4: 2, 9: 1}   class 1: {1: 2, 9: 1}   class 2: {9: 2, 2: 1, 0: 1}
        int[] truth = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        int[] predicted = {4, 4, 9, 1, 1, 9, 9, 9, 2, 0};
        ClusteringScores scores = ClusteringMetrics.evaluate(truth, predicted);

        // Best map 4→0, 1→1, 9→2 gets 2 + 2 + 2 of 10 right.
        assertEquals(0.6, scores.acc(), EXACT);
        // MI = Σ p_tp ln(n·n_tp / (a_t·b_p)), H(y) from sizes (3, 3, 4), H(ŷ) from sizes (2, 4, 2, 1, 1).
        double mi = 0.2 * Math.log(10.0 * 2 / (3 * 2)) + 0.1 * Math.log(10.0 * 1 / (3 * 4))
                + 0.2 * Math.log(10.0 * 2 / (3 * 2)) + 0.1 * Math.log(10.0 * 1 / (3 * 4))
                + 0.2 * Math.log(10.0 * 2 / (4 * 4)) + 0.1 * Math.log(10.0 * 1 / (4 * 1))
                + 0.1 * Math.log(10.0 * 1 / (4 * 1));
        double hTruth = -(0.3 * Math.log(0.3) * 2 + 0.4 * Math.log(0.4));
        double hPredicted = -(0.2 * Math.log(0.2) * 2 + 0.4 * Math.log(0.4) + 0.1 * Math.log(0.1) * 2);
        assertEquals(mi / ((hTruth + hPredicted) / 2), scores.nmi(), EXACT);
        assertEquals(0.525850, scores.nmi(), SPEC);
        // Σ C(n_tp,2) = 3, Σ C(a,2) = 12, Σ C(b,2) = 8, C(10,2) = 45: (3 − 96/45) / (10 − 96/45) = 13/118.
        assertEquals(13.0 / 118.0, scores.ari(), EXACT);
    }

    @Test
    void fewerClustersThanClasses() {
        // 4 classes merged pairwise into 2 clusters: ŷ is a coarsening, so MI = H(ŷ) = ln 2 and H(y) = ln 4.
        int[] truth = {0, 0, 1, 1, 2, 2, 3, 3};
        int[] predicted = {0, 0, 0, 0, 1, 1, 1, 1};
        ClusteringScores scores = ClusteringMetrics.evaluate(truth, predicted);

        assertEquals(0.5, scores.acc(), EXACT);
        assertEquals(2.0 / 3.0, scores.nmi(), EXACT);
        // Σ C(n_tp,2) = 4, Σ C(a,2) = 4, Σ C(b,2) = 12, C(8,2) = 28: (4 − 48/28) / (8 − 48/28) = 4/11.
        assertEquals(4.0 / 11.0, scores.ari(), EXACT);
    }

    @Test
    void metricsAreSymmetricWhereExpected() {
        int[] a = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        int[] b = {4, 4, 9, 1, 1, 9, 9, 9, 2, 0};
        ClusteringScores forward = ClusteringMetrics.evaluate(a, b);
        ClusteringScores backward = ClusteringMetrics.evaluate(b, a);
        assertEquals(forward.acc(), backward.acc(), EXACT);
        assertEquals(forward.nmi(), backward.nmi(), EXACT);
        assertEquals(forward.ari(), backward.ari(), EXACT);
    }

    @Test
    void worseThanChanceGivesNegativeAri() {
        ClusteringScores scores = ClusteringMetrics.evaluate(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1});
        // Σ C(n_tp,2) = 0, Σ C(a,2) = 2, Σ C(b,2) = 2, C(4,2) = 6: (0 − 4/6) / (2 − 4/6) = −1/2.
        assertEquals(-0.5, scores.ari(), EXACT);
        assertEquals(0.0, scores.nmi(), EXACT);
        assertEquals(0.5, scores.acc(), EXACT);
    }

    @Test
    void rejectsInvalidLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(new int[] {0, 1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(new int[] {0, -1}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(new int[] {0, 1}, new int[] {-3, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(null, new int[] {0}));
    }
}
