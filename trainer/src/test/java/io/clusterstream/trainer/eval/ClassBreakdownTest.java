package io.clusterstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassBreakdownTest {

    @Test
    void aPerfectClusteringUnderOtherIdsMatchesEveryClassToItsCluster() {
        List<ClassBreakdown> classes = ClassBreakdown.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {2, 2, 0, 0, 1, 1}, 3);

        assertEquals(List.of(0, 1, 2), classes.stream().map(ClassBreakdown::label).toList());
        assertEquals(List.of(2, 0, 1), classes.stream().map(ClassBreakdown::matchedCluster).toList());
        for (ClassBreakdown c : classes) {
            assertEquals(2, c.images());
            assertEquals(1.0, c.recall());
            assertEquals(ClassBreakdown.UNMATCHED, c.mainOtherCluster());
        }
    }

    @Test
    void twoMergedClassesShowWhichClusterTookTheSmallerOne() {
        // classes 0 (6 images) and 1 (4) share cluster 2; class 2 has cluster 0 to itself; cluster 1 stays empty
        int[] truth = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2};
        int[] predicted = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0};
        List<ClassBreakdown> classes = ClassBreakdown.of(truth, predicted, 3);

        ClassBreakdown merged = classes.get(1);
        assertEquals(1, merged.matchedCluster(), "the one cluster left over");
        assertEquals(0.0, merged.recall());
        assertEquals(2, merged.mainOtherCluster());
        assertEquals(1.0, merged.share(2));
        assertArrayEquals(new long[] {0, 0, 4}, merged.imagesByCluster());
        assertEquals(2, classes.get(0).matchedCluster());

        EvaluationReport report = new EvaluationReport("m", 1, "test", ClusteringMetrics.evaluate(truth, predicted),
                new long[] {5, 0, 10}, classes);
        assertTrue(report.toText().contains("100.0% in cluster 2 (class 0's)"), report.toText());
        assertTrue(report.toJson().contains(
                "{\"label\":1,\"images\":4,\"matched_cluster\":1,\"share_in_matched\":0.000000,\"images_by_cluster\":[0,0,4]}"),
                report.toJson());
    }

    @Test
    void theMatchedImagesAreWhatAccCounts() {
        int[] truth = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        int[] predicted = {1, 1, 0, 0, 0, 2, 2, 2, 1, 3, 0, 3};
        List<ClassBreakdown> classes = ClassBreakdown.of(truth, predicted, 4);

        double matched = classes.stream().mapToDouble(c -> c.recall() * c.images()).sum();
        ClusteringScores scores = ClusteringMetrics.evaluate(truth, predicted);
        assertEquals(scores.acc(), matched / truth.length, 1e-12);
    }

    @Test
    void surplusClassesAreUnmatched() {
        List<ClassBreakdown> classes = ClassBreakdown.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 1}, 2);

        assertEquals(ClassBreakdown.UNMATCHED, classes.get(2).matchedCluster());
        assertEquals(0.0, classes.get(2).recall());
        assertEquals(1, classes.get(2).mainOtherCluster());
    }

    @Test
    void refusesAClusterOutsideTheModelsRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassBreakdown.of(new int[] {0, 1}, new int[] {0, 3}, 2));
        assertTrue(e.getMessage().contains("cluster 3 of image 1 is outside [0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassBreakdown.of(new int[] {0}, new int[] {0, 1}, 2));
    }
}
