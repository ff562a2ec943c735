package io.clusterstream.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clusterstream.schemas.v1.EmbeddingReference;
import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

    @Test
    void embeddingReferenceIsTheMeanAndTheRmsDistanceToIt() {
        // (1,0), (3,0), (2,2): mean (2, 2/3); squared distances 1 + 4/9, 1 + 4/9, 16/9 → mean 14/9
        EmbeddingReference reference = SampleStatistics.embeddingReference(new float[] {1, 0, 3, 0, 2, 2}, 3, 2);
        assertEquals(2.0, reference.getMean(0), 1e-6);
        assertEquals(2.0 / 3, reference.getMean(1), 1e-6);
        assertEquals(Math.sqrt(14.0 / 9), reference.getRmsSpread(), 1e-9);
    }

    @Test
    void aSmallSpreadAroundALargeMeanKeepsItsPrecision() {
        SampleStatistics.EmbeddingSpread spread = new SampleStatistics.EmbeddingSpread(1);
        for (float v : new float[] {10_000.5f, 9_999.5f, 10_000.5f, 9_999.5f}) {
            spread.add(new float[] {v}, 0);
        }
        EmbeddingReference reference = spread.reference();
        assertEquals(10_000.0, reference.getMean(0), 1e-3);
        assertEquals(0.5, reference.getRmsSpread(), 1e-9);
    }
}
