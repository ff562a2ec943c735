package io.clusterstream.core.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ModelRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawPixelKMeansTest {

    @TempDir
    Path store;

    @Test
    void fitsRealImagesPublishesAVerifiedSnapshotAndServesTheTrainingAssignments() throws IOException {
        LabeledImages images = CifarFixture.load();
        RawPixelKMeans.Fitted fitted = new RawPixelKMeans(10, 4, 3, 7)
                .fit(images, StandardPreprocessing.CIFAR10, ModelRef.newBuilder().setModelId("cifar-raw").setVersion(1).build());

        Snapshot snapshot = new FileSnapshotStore(store).publish(fitted.draft());

        assertEquals(10, snapshot.manifest().getClustersCount());
        assertEquals("c3@v1", snapshot.manifest().getClusters(3).getKey());
        assertEquals(1.0, snapshot.manifest().getReferenceProportionsList().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        // Better than chance (0.1) on real pictures: raw-pixel k-means reaches about 0.2 on CIFAR-10.
        assertTrue(fitted.scores().acc() > 0.15, "ACC " + fitted.scores().acc());

        // Served through ONNX Runtime, every training image lands in the cluster k-means gave it.
        try (ServingModel model = ServingModel.load(snapshot.manifest(), snapshot.encoder(), ServingOptions.DEFAULTS)) {
            List<ServingModel.Served> served = model.assign(IntStream.range(0, images.size()).mapToObj(images::image).toList());
            int[] clusters = served.stream().mapToInt(s -> s.assignment().clusterId()).toArray();
            assertArrayEquals(fitted.labels(), clusters);
            long novel = served.stream().filter(s -> s.assignment().novel()).count();
            assertTrue(novel <= images.size() / 50, novel + " training images flagged novel at the 99% calibration");
        }
    }
}
