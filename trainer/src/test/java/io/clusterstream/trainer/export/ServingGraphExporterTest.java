package io.clusterstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.baseline.ClusterKeys;
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
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.EncoderSignature;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import io.clusterstream.trainer.nn.Stem;
import io.clusterstream.trainer.nn.TrainingSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX graph, run by ONNX Runtime, computes what the trained DJL/PyTorch blocks compute. */
class ServingGraphExporterTest {

    /**
     * 1e-4, relative to the value's magnitude above 1: the un-normalised encoder output reaches ~60, where float32
     * summation order alone differs by ~1e-4 between PyTorch and ONNX Runtime.
     */
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 16;
    private static final int IMAGES = 48;
    private static final int TRAINING_STEPS = 3;

    @TempDir
    Path dir;

    @Test
    void cifarStemWithMlpProjectionAndL2NormMatchesPytorchOnRealImages() throws Exception {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(0.25).stem(Stem.CIFAR).inputChannels(3).build();
        assertExportMatches(encoder, Projection.of(encoder.featureDim(), 128, 64), true, StandardPreprocessing.CIFAR10);
    }

    @Test
    void imagenetStemAt64PixelsWithLinearProjectionMatchesPytorchOnRealImages() throws Exception {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(0.25).stem(Stem.IMAGENET).inputChannels(3).build();
        assertExportMatches(encoder, Projection.linear(encoder.featureDim(), 32), false, at64Pixels());
    }

    @Test
    void encoderAloneMatchesPytorch() throws Exception {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(34).width(0.125).stem(Stem.CIFAR).inputChannels(3).build();
        assertExportMatches(encoder, null, false, StandardPreprocessing.CIFAR10);
    }

    @Test
    void aSnapshotOverTheExportedEncoderServesInCore() throws Exception {
        Preprocessing preprocessing = StandardPreprocessing.CIFAR10;
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(0.25).stem(Stem.CIFAR).build();
        Projection projection = Projection.of(encoder.featureDim(), 128, 64);
        try (Model model = Model.newInstance("snapshot", Device.cpu(), Devices.ENGINE)) {
            float[] images = tensors(preprocessing, IMAGES);
            Block chain = train(model, preprocessing, images, encoder, projection);
            ModelProto onnx = ServingGraphExporter.export(encoder, projection, true, 3, 32, 32);

            int k = 10;
            SnapshotDraft draft = SnapshotDraft.builder(manifest(preprocessing, projection.outDim(), k))
                    .bytes("encoder.onnx", onnx.toByteArray()).build();
            Snapshot snapshot = new FileSnapshotStore(dir.resolve("store")).publish(draft);

            List<PixelImage> pictures = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                pictures.add(CifarFixture.image(i));
            }
            float[][] expected = l2(pytorch(model.getNDManager(), chain, images, preprocessing));
            try (ServingModel serving = ServingModel.load(snapshot.manifest(), snapshot.encoder(), ServingOptions.DEFAULTS)) {
                List<ServingModel.Served> served = serving.assign(pictures);
                assertEquals(IMAGES, served.size());
                for (int i = 0; i < IMAGES; i++) {
                    int cluster = served.get(i).assignment().clusterId();
                    assertTrue(cluster >= 0 && cluster < k);
                    assertClose(expected[i], served.get(i).embedding(), "image " + i);
                }
            }
        }
    }

    @Test
    void mismatchedOrUninitialisedBlocksAreRejected() {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(0.125).build();
        assertThrows(IllegalStateException.class, () -> ServingGraphExporter.export(encoder, null, true, 3, 32, 32));
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> ServingGraphExporter.export(encoder, null, true, 1, 32, 32));
        assertTrue(channels.getMessage().contains("3 channels"), channels.getMessage());
        IllegalArgumentException projection = assertThrows(IllegalArgumentException.class,
                () -> ServingGraphExporter.export(encoder, Projection.linear(10, 4), true, 3, 32, 32));
        assertTrue(projection.getMessage().contains("64"), projection.getMessage());
    }

    private void assertExportMatches(ResNetEncoder encoder, Projection projection, boolean l2Normalize,
                                     Preprocessing preprocessing) throws Exception {
        int h = preprocessing.getHeight();
        int w = preprocessing.getWidth();
        try (Model model = Model.newInstance("export", Device.cpu(), Devices.ENGINE)) {
            float[] images = tensors(preprocessing, IMAGES);
            Block chain = projection == null ? train(model, preprocessing, images, encoder)
                    : train(model, preprocessing, images, encoder, projection);
            assertFalse(encoder.blocks().get(0).first().bnRunningMean().eq(0f).all().getBoolean(),
                    "training moved the BN running statistics");

            float[][] expected = pytorch(model.getNDManager(), chain, images, preprocessing);
            if (l2Normalize) {
                expected = l2(expected);
            }
            ModelProto onnx = ServingGraphExporter.export(encoder, projection, l2Normalize, 3, h, w);
            int dim = projection == null ? encoder.featureDim() : projection.outDim();
            assertEquals(ServingGraphExporter.INPUT_NAME, onnx.getGraph().getInput(0).getName());
            assertEquals(ServingGraphExporter.OUTPUT_NAME, onnx.getGraph().getOutput(0).getName());

            Path file = dir.resolve("encoder.onnx");
            Files.write(file, onnx.toByteArray());
            try (OnnxEncoder ort = OnnxEncoder.load(file, ServingGraphExporter.OUTPUT_NAME, 3, h, w, dim, 1)) {
                float[][] actual = ort.embed(images, IMAGES);
                for (int i = 0; i < IMAGES; i++) {
                    assertClose(expected[i], actual[i], "image " + i);
                }
            }
        }
    }

    private static Block train(Model model, Preprocessing preprocessing, float[] images, Block... blocks) {
        NDManager manager = model.getNDManager();
        Shape batch = new Shape(BATCH, preprocessing.getChannels(), preprocessing.getHeight(), preprocessing.getWidth());
        int size = (int) (batch.size() / BATCH);
        return TrainingSteps.train(model, batch, TRAINING_STEPS, step -> {
            int first = (step * BATCH) % IMAGES;
            float[] slice = java.util.Arrays.copyOfRange(images, first * size, (first + BATCH) * size);
            return manager.create(slice, batch);
        }, blocks);
    }

    /** Inference (training = false) of the DJL blocks, one row per image. */
    private static float[][] pytorch(NDManager manager, Block chain, float[] images, Preprocessing preprocessing) {
        Shape shape = new Shape(IMAGES, preprocessing.getChannels(), preprocessing.getHeight(), preprocessing.getWidth());
        try (NDManager scope = manager.newSubManager()) {
            NDArray out = chain.forward(new ParameterStore(scope, false), new NDList(scope.create(images, shape)), false)
                    .singletonOrThrow();
            int dim = (int) out.getShape().get(1);
            float[] flat = out.toFloatArray();
            float[][] rows = new float[IMAGES][];
            for (int i = 0; i < IMAGES; i++) {
                rows[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
            }
            return rows;
        }
    }

    private static float[][] l2(float[][] rows) {
        float[][] normalised = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (float v : rows[i]) {
                norm += (double) v * v;
            }
            double divisor = Math.max(Math.sqrt(norm), 1e-12);
            normalised[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                normalised[i][j] = (float) (rows[i][j] / divisor);
            }
        }
        return normalised;
    }

    private static float[] tensors(Preprocessing preprocessing, int count) {
        LabeledImages fixture = CifarFixture.load();
        Preprocessor preprocessor = new Preprocessor(preprocessing);
        int size = preprocessor.tensorSize();
        float[] batch = new float[count * size];
        for (int i = 0; i < count; i++) {
            preprocessor.toTensor(fixture.image(i), batch, i * size);
        }
        return batch;
    }

    private static Preprocessing at64Pixels() {
        return StandardPreprocessing.CIFAR10.toBuilder().setHeight(64).setWidth(64).build();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int j = 0; j < expected.length; j++) {
            double difference = Math.abs(expected[j] - actual[j]);
            if (!(difference <= TOLERANCE * Math.max(1, Math.abs(expected[j])))) {
                throw new AssertionError(what + ", feature " + j + ": PyTorch " + expected[j] + ", ONNX Runtime " + actual[j]);
            }
        }
    }

    private static SnapshotManifest manifest(Preprocessing preprocessing, int dim, int k) {
        Random random = new Random(7);
        PrototypeHead.Builder head = PrototypeHead.newBuilder().setTemperature(0.1f).setSimilarity(Similarity.SIMILARITY_COSINE);
        for (int c = 0; c < k; c++) {
            double[] v = random.doubles(dim).map(x -> x - 0.5).toArray();
            double norm = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum());
            for (double x : v) {
                head.addPrototypes((float) (x / norm));
            }
        }
        SnapshotManifest.Builder manifest = SnapshotManifest.newBuilder()
                .setFormatVersion(1)
                .setModel(ModelRef.newBuilder().setModelId("resnet-export").setVersion(1))
                .setCreatedTimeMs(System.currentTimeMillis())
                .setAlgorithm(Algorithm.ALGORITHM_SIMCLR_KMEANS)
                .setNumClusters(k)
                .setEmbeddingDim(dim)
                .setPreprocessing(preprocessing)
                .setEncoder(Artifact.newBuilder().setUri("encoder.onnx"))
                .setEncoderSignature(EncoderSignature.newBuilder().setInputName(ServingGraphExporter.INPUT_NAME)
                        .setOutputName(ServingGraphExporter.OUTPUT_NAME).setL2Normalized(true))
                .setHead(ClusteringHead.newBuilder().setPrototype(head));
        for (int c = 0; c < k; c++) {
            manifest.addReferenceProportions(1.0 / k);
            manifest.addClusters(ClusterInfo.newBuilder().setClusterId(c).setKey(ClusterKeys.fresh(1, c)));
        }
        return manifest.build();
    }

}
