package io.clusterstream.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {

    /** Three tight blobs around (0,0), (10,0) and (0,10), 50 points each, in that order. */
    private static float[] blobs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        float[] data = new float[150 * 2];
        for (int i = 0; i < 150; i++) {
            float[] c = centres[i / 50];
            data[2 * i] = (float) (c[0] + 0.3 * random.nextGaussian());
            data[2 * i + 1] = (float) (c[1] + 0.3 * random.nextGaussian());
        }
        return data;
    }

    @Test
    void recoversSeparatedBlobs() {
        KMeansResult result = KMeans.withClusters(3).seed(1).build().fit(blobs(7), 150, 2);

        for (int blob = 0; blob < 3; blob++) {
            int label = result.labels()[blob * 50];
            for (int i = blob * 50; i < (blob + 1) * 50; i++) {
                assertEquals(label, result.labels()[i], "row " + i);
            }
        }
        assertArrayEquals(new long[] {50, 50, 50}, result.sizes());
        assertTrue(result.inertia() < 150 * 4 * 0.09 * 2, "inertia " + result.inertia());
    }

    @Test
    void sameSeedSameResult() {
        float[] data = blobs(3);
        KMeansResult a = KMeans.withClusters(4).seed(42).restarts(3).build().fit(data, 150, 2);
        KMeansResult b = KMeans.withClusters(4).seed(42).restarts(3).build().fit(data, 150, 2);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.centroids(), b.centroids());
    }

    @Test
    void sphericalModeClustersByDirectionAndKeepsUnitCentroids() {
        // Two directions, at very different lengths: Euclidean k-means would split by length instead.
        float[] data = {1, 0, 100, 1, 0.01f, 0, 0, 1, 1, 100, 0, 0.01f};
        KMeansResult result = KMeans.withClusters(2).spherical(true).seed(0).build().fit(data, 6, 2);

        assertEquals(result.labels()[0], result.labels()[1]);
        assertEquals(result.labels()[0], result.labels()[2]);
        assertEquals(result.labels()[3], result.labels()[4]);
        assertEquals(result.labels()[3], result.labels()[5]);
        for (int c = 0; c < 2; c++) {
            float x = result.centroids()[2 * c];
            float y = result.centroids()[2 * c + 1];
            assertEquals(1.0, Math.hypot(x, y), 1e-6);
        }
    }

    @Test
    void givenInitialCentroidsAreUsedAndNoClusterStaysEmpty() {
        float[] data = {0, 0, 0, 1, 10, 10, 10, 11};
        // The second initial centroid is far from everything, so it starts empty and must be reseeded.
        KMeansResult result = KMeans.withClusters(2).build().fit(data, 4, 2, new float[] {5, 5, 1000, 1000});
        assertArrayEquals(new long[] {2, 2}, result.sizes());
        assertEquals(result.labels()[0], result.labels()[1]);
        assertEquals(result.labels()[2], result.labels()[3]);
    }

    @Test
    void badInputIsRejected() {
        KMeans kMeans = KMeans.withClusters(3).build();
        assertThrows(IllegalArgumentException.class, () -> kMeans.fit(new float[4], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> kMeans.fit(new float[5], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> kMeans.fit(new float[] {0, 1, Float.NaN}, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> KMeans.withClusters(0));
    }
}
