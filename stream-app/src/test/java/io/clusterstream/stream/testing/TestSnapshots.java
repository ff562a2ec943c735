package io.clusterstream.stream.testing;

import io.clusterstream.core.baseline.RawPixelKMeans;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ModelRef;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Real snapshots for stream tests: raw-pixel k-means fitted on the CIFAR-10 fixture images, published to a store.
 * A few seconds to fit, a genuine model, served through ONNX Runtime like any other snapshot.
 */
public final class TestSnapshots {

    /** Fits on the fixture and publishes {@code modelId} version {@code version}; the seed varies the model. */
    public static Snapshot publishRawKMeans(Path store, String modelId, long version, int k, long seed) throws IOException {
        LabeledImages images = CifarFixture.load();
        RawPixelKMeans.Fitted fitted = new RawPixelKMeans(k, 4, 2, seed)
                .fit(images, StandardPreprocessing.CIFAR10, ModelRef.newBuilder().setModelId(modelId).setVersion(version).build());
        return new FileSnapshotStore(store).publish(fitted.draft());
    }

    private TestSnapshots() {}
}
