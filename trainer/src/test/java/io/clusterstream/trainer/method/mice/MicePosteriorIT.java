package io.clusterstream.trainer.method.mice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.serving.OnnxEncoder;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.method.Backbone;
import io.clusterstream.trainer.method.ImageTensors;
import io.clusterstream.trainer.method.MethodSettings;
import io.clusterstream.trainer.method.TrainingWeights;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.GradMode;
import io.clusterstream.trainer.nn.Stem;
import io.clusterstream.trainer.train.LearningRateSchedule;
import io.clusterstream.trainer.train.ParameterUpdater;
import io.clusterstream.trainer.train.TrainingSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MiCE's full posterior with the frozen queue, served: a few epochs on the 300 real CIFAR-10 images of core's fixture
 * with {@code --mice-serving POSTERIOR}; the published snapshot (a MiCE posterior head, its queue file, student and
 * teacher in one ONNX graph) is served by core's {@link ServingModel} with the labels the trainer's own blocks give
 * (argmax r), and the ONNX graph's [g | f | v] output matches the DJL blocks loaded from the snapshot's training
 * weights.
 */
class MicePosteriorIT {

    private static final int CLUSTERS = 10;
    private static final int EPOCHS = 3;
    private static final int QUEUE = 256;
    private static final int BATCH = 32;
    private static final Backbone BACKBONE = new Backbone(18, 0.125, Stem.CIFAR);
    /** The graph's outputs are unit vectors' coordinates, so an absolute tolerance. */
    private static final double TOLERANCE = 1e-4;
    /** Float rounding may flip an argmax only where the two top posteriors are this close. */
    private static final double NEAR_TIE = 1e-3;

    @TempDir
    Path temp;

    @Test
    void thePosteriorSnapshotServesTheTrainersPosteriorLabels() throws Exception {
        FitInput input = firstVersionOn(CifarFixture.load(), temp.resolve("work"));
        LabeledImages images = input.images();
        TrainingSettings sgd = new TrainingSettings(EPOCHS, BATCH, new LearningRateSchedule(0.1, 1, new int[0], 0.1),
                ParameterUpdater.Rule.SGD, 0.9, 1e-4, 1, 0, false, null);
        MiceFitter fitter = new MiceFitter(new MethodSettings(CLUSTERS, BACKBONE, sgd, Device.cpu()), QUEUE, 1.0, 1.0,
                MiceServing.POSTERIOR);
        FittedModel fitted = fitter.fit(input);
        MiceModel.TrainerLabels trainer = fitter.lastTrainerLabels().orElseThrow();

        Snapshot snapshot = new FileSnapshotStore(temp.resolve("store")).publish(fitted.draft());
        SnapshotManifest manifest = snapshot.manifest();
        Map<String, String> report = manifest.getTraining().getHyperparametersMap();
        System.out.printf(Locale.ROOT, "MiCE on the fixture: gating ACC %s, posterior ACC %s, served ACC %.4f%n",
                report.get("gating_acc"), report.get("posterior_acc"), fitted.scores().acc());
        assertEquals(ClusteringHead.KindCase.MICE_POSTERIOR, manifest.getHead().getKindCase());
        assertEquals("POSTERIOR", report.get("mice_serving"));
        assertTrue(report.containsKey("gating_acc") && report.containsKey("posterior_acc"), report.toString());
        assertEquals(128 + 2 * CLUSTERS * 128, manifest.getEmbeddingDim());
        assertEquals((long) QUEUE * CLUSTERS * 128 * Float.BYTES, manifest.getHead().getMicePosterior().getQueue().getSizeBytes());
        assertTrue(snapshot.queue().isPresent());

        try (ServingModel serving = ServingModel.load(snapshot, ServingOptions.DEFAULTS)) {
            List<ServingModel.Served> served = serveAll(serving, images);
            int[] servedLabels = served.stream().mapToInt(s -> s.assignment().clusterId()).toArray();
            assertArrayEquals(fitted.labels(), servedLabels, "the snapshot serves what the trainer recorded");
            int nearTies = 0;
            for (int i = 0; i < images.size(); i++) {
                if (servedLabels[i] != trainer.posterior()[i]) {
                    double[] r = served.get(i).assignment().probabilities();
                    double gap = Math.abs(r[servedLabels[i]] - r[trainer.posterior()[i]]);
                    assertTrue(gap < NEAR_TIE, "image " + i + ": served " + servedLabels[i] + ", trainer's argmax r "
                            + trainer.posterior()[i] + ", posteriors " + r[servedLabels[i]] + " vs " + r[trainer.posterior()[i]]);
                    nearTies++;
                }
            }
            System.out.printf(Locale.ROOT, "served labels equal the trainer's argmax r on %d of %d images (the rest near-ties)%n",
                    images.size() - nearTies, images.size());
            assertTrue(nearTies <= 2, nearTies + " near-ties");
        }

        assertOnnxMatchesDjl(snapshot, images);
    }

    /** The snapshot's ONNX encoder against the DJL blocks, loaded from the snapshot's training weights. */
    private static void assertOnnxMatchesDjl(Snapshot snapshot, LabeledImages images) throws Exception {
        Preprocessor preprocessor = new Preprocessor(snapshot.manifest().getPreprocessing());
        int count = 64;
        float[] batch = ImageTensors.batch(images, preprocessor, 0, count);
        int dim = snapshot.manifest().getEmbeddingDim();
        float[] expected;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE); GradMode ignored = GradMode.off()) {
            MiceModel mice = new MiceModel(BACKBONE.build(3), BACKBONE.build(3), manager, CLUSTERS, QUEUE, 1.0, 1.0,
                    MiceServing.POSTERIOR, BATCH, 3, 32, 32);
            String architecture = String.format(Locale.ROOT, "%s/K%d", BACKBONE.describe(3), CLUSTERS);
            assertTrue(TrainingWeights.read(snapshot.trainingWeights().orElseThrow(), "MICE", architecture, mice.blocks(), manager));
            expected = mice.servingEmbedding(new ParameterStore(manager, false),
                    manager.create(batch, new Shape(count, 3, 32, 32))).toFloatArray();
        }
        try (OnnxEncoder onnx = OnnxEncoder.load(snapshot.encoder(), snapshot.manifest().getEncoderSignature().getOutputName(),
                3, 32, 32, dim, 1)) {
            float[][] actual = onnx.embed(batch, count);
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < dim; j++) {
                    double difference = Math.abs(expected[i * dim + j] - actual[i][j]);
                    assertTrue(difference <= TOLERANCE, "image " + i + ", feature " + j + ": DJL " + expected[i * dim + j]
                            + ", ONNX Runtime " + actual[i][j]);
                }
            }
        }
    }

    private static FitInput firstVersionOn(LabeledImages images, Path work) {
        ModelRef model = ModelRef.newBuilder().setModelId("mice-posterior").setVersion(1).build();
        return new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), work);
    }

    private static List<ServingModel.Served> serveAll(ServingModel serving, LabeledImages images) {
        List<ServingModel.Served> served = new ArrayList<>();
        for (int start = 0; start < images.size(); start += 100) {
            List<PixelImage> batch = new ArrayList<>();
            for (int i = start; i < Math.min(images.size(), start + 100); i++) {
                batch.add(images.image(i));
            }
            served.addAll(serving.assign(batch));
        }
        return served;
    }
}
