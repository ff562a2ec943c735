package io.clusterstream.stream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's snapshot is a complete, servable snapshot of a network the size it claims. */
class BenchmarkSnapshotsTest {

    @TempDir
    Path store;

    @Test
    void theEncoderIsAboutAMillionParametersAndReproducibleFromItsSeed() {
        long parameters = BenchmarkSnapshots.parameterCount(BenchmarkSnapshots.encoder(1));
        assertTrue(parameters > 900_000 && parameters < 1_100_000, parameters + " parameters");
        assertArrayEquals(BenchmarkSnapshots.encoder(7).toByteArray(), BenchmarkSnapshots.encoder(7).toByteArray());
    }

    @Test
    void thePublishedSnapshotServesUnitEmbeddingsAndValidClusters() throws Exception {
        Snapshot published = BenchmarkSnapshots.publish(store, "bench", 1, 1);
        Snapshot loaded = new FileSnapshotStore(store).load("bench", 1);
        assertEquals(published.manifest(), loaded.manifest());
        assertEquals(BenchmarkSnapshots.NUM_CLUSTERS, loaded.manifest().getNumClusters());
        assertEquals(BenchmarkSnapshots.EMBEDDING_DIM, loaded.manifest().getEmbeddingReference().getMeanCount());

        try (ServingModel model = ServingModel.load(loaded.manifest(), loaded.encoder(), ServingOptions.DEFAULTS)) {
            List<ServingModel.Served> served = model.assign(IntStream.range(0, 16).mapToObj(CifarFixture::image).toList());
            assertEquals(16, served.size());
            for (ServingModel.Served s : served) {
                double norm = 0;
                for (float v : s.embedding()) {
                    norm += v * v;
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-4);
                int cluster = s.assignment().clusterId();
                assertTrue(cluster >= 0 && cluster < BenchmarkSnapshots.NUM_CLUSTERS);
                assertTrue(model.clusterKey(cluster).length() > 0);
            }
        }
    }
}
