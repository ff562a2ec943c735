package io.clusterstream.stream.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.clusterstream.core.baseline.ClusterKeys;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.head.PrototypeClusterHead;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.onnx.OnnxGraphBuilder;
import io.clusterstream.core.serving.OnnxEncoder;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.EmbeddingReference;
import io.clusterstream.schemas.v1.EncoderSignature;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.NoveltyCalibration;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.schemas.v1.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A realistic encoder for benchmarks: a 4-layer CNN of about a million parameters on 3x32x32 CIFAR-sized inputs, with
 * seeded random (He-initialised) weights, wrapped into a complete, servable snapshot. The weights are untrained, so the
 * clusters mean nothing, but the encoder costs what a small trained one costs per image, which is what a throughput
 * benchmark needs.
 *
 * <pre>
 * conv3x3  3→64  BN ReLU maxpool2   32x32 → 16x16
 * conv3x3 64→128 BN ReLU maxpool2   16x16 →  8x8
 * conv3x3 128→256 BN ReLU maxpool2   8x8 →  4x4
 * conv3x3 256→256 BN ReLU            4x4
 * global average pool → linear 256→128 → L2 normalise
 * </pre>
 *
 * The head is a prototype (cosine, temperature 0.1) head over {@value #NUM_CLUSTERS} random unit prototypes with
 * uniform reference proportions; the novelty threshold and the embedding reference are calibrated on the 300 CIFAR-10
 * fixture images, so every field a trained snapshot carries is filled in.
 */
public final class BenchmarkSnapshots {

    public static final String INPUT_NAME = "image";
    public static final String OUTPUT_NAME = "embedding";
    public static final String ENCODER_FILE = "encoder.onnx";
    public static final int EMBEDDING_DIM = 128;
    public static final int NUM_CLUSTERS = 10;
    public static final float TEMPERATURE = 0.1f;
    public static final Preprocessing PREPROCESSING = StandardPreprocessing.CIFAR10;

    private static final int[] CHANNELS = {3, 64, 128, 256, 256};
    private static final float NOVELTY_QUANTILE = 0.99f;
    private static final float BN_EPSILON = 1e-5f;

    private BenchmarkSnapshots() {}

    /** The CNN encoder with weights drawn from {@code seed}. */
    public static ModelProto encoder(long seed) {
        Random random = new Random(seed);
        OnnxGraphBuilder g = new OnnxGraphBuilder("bench-cnn4");
        String h = g.input(INPUT_NAME, -1, PREPROCESSING.getChannels(), PREPROCESSING.getHeight(), PREPROCESSING.getWidth());
        for (int layer = 1; layer < CHANNELS.length; layer++) {
            int in = CHANNELS[layer - 1];
            int out = CHANNELS[layer];
            String name = "conv" + layer;
            // No conv bias: the batch norm that follows has its own shift.
            h = g.conv(h, name, he(random, out * in * 9, in * 9), new long[] {out, in, 3, 3}, null, 1, 1);
            h = g.relu(g.batchNorm(h, "bn" + layer,
                    uniform(random, out, 0.8f, 1.2f), uniform(random, out, -0.1f, 0.1f),
                    uniform(random, out, -0.1f, 0.1f), uniform(random, out, 0.8f, 1.2f), BN_EPSILON));
            if (layer < CHANNELS.length - 1) {
                h = g.maxPool(h, 2, 2, 0);
            }
        }
        int features = CHANNELS[CHANNELS.length - 1];
        h = g.flatten(g.globalAveragePool(h));
        h = g.linear(h, "projection", he(random, EMBEDDING_DIM * features, features), EMBEDDING_DIM, features,
                new float[EMBEDDING_DIM]);
        g.output(g.l2Normalize(h), OUTPUT_NAME, -1, EMBEDDING_DIM);
        return g.build();
    }

    /** Number of float parameters (initializer values) of a model, BN running statistics included. */
    public static long parameterCount(ModelProto model) {
        long total = 0;
        for (TensorProto tensor : model.getGraph().getInitializerList()) {
            if (tensor.getDataType() == TensorProto.DataType.FLOAT.getNumber()) {
                total += tensor.getRawData().size() / Float.BYTES;
            }
        }
        return total;
    }

    /**
     * Builds the encoder and head from {@code seed}, calibrates them on the CIFAR-10 fixture and publishes the
     * snapshot as {@code modelId} version {@code version}.
     */
    public static Snapshot publish(Path storeRoot, String modelId, long version, long seed) throws IOException {
        return new FileSnapshotStore(storeRoot).publish(draft(modelId, version, seed));
    }

    /**
     * The snapshot draft {@link #publish} publishes; building it (which runs the encoder on the fixture) can happen
     * well before the publish, which then only writes files.
     */
    public static SnapshotDraft draft(String modelId, long version, long seed) throws IOException {
        long started = System.currentTimeMillis();
        ModelProto encoder = encoder(seed);
        byte[] onnx = encoder.toByteArray();
        float[] prototypes = unitPrototypes(new Random(seed ^ 0x5DEECE66DL));
        PrototypeClusterHead head = new PrototypeClusterHead(NUM_CLUSTERS, EMBEDDING_DIM, prototypes, TEMPERATURE,
                Similarity.SIMILARITY_COSINE);
        float[][] embeddings = embedFixture(onnx);
        double[] novelty = new double[embeddings.length];
        double[] probabilities = new double[NUM_CLUSTERS];
        for (int i = 0; i < embeddings.length; i++) {
            novelty[i] = head.score(embeddings[i], probabilities);
        }
        Arrays.sort(novelty);
        float threshold = (float) novelty[Math.min(novelty.length - 1, (int) Math.ceil(NOVELTY_QUANTILE * novelty.length) - 1)];

        ModelRef model = ModelRef.newBuilder().setModelId(modelId).setVersion(version).build();
        SnapshotManifest.Builder manifest = SnapshotManifest.newBuilder()
                .setFormatVersion(1)
                .setModel(model)
                .setParentVersion(version > 1 ? version - 1 : 0)
                .setCreatedTimeMs(System.currentTimeMillis())
                .setAlgorithm(Algorithm.ALGORITHM_SIMCLR_KMEANS)
                .setNumClusters(NUM_CLUSTERS)
                .setEmbeddingDim(EMBEDDING_DIM)
                .setPreprocessing(PREPROCESSING)
                .setEncoder(Artifact.newBuilder().setUri(ENCODER_FILE))
                .setEncoderSignature(EncoderSignature.newBuilder()
                        .setInputName(INPUT_NAME).setOutputName(OUTPUT_NAME).setL2Normalized(true))
                .setHead(ClusteringHead.newBuilder().setPrototype(PrototypeHead.newBuilder()
                        .addAllPrototypes(boxed(prototypes))
                        .setTemperature(TEMPERATURE)
                        .setSimilarity(Similarity.SIMILARITY_COSINE)))
                .setNovelty(NoveltyCalibration.newBuilder().setThreshold(threshold).setQuantile(NOVELTY_QUANTILE))
                .setEmbeddingReference(reference(embeddings))
                .setTraining(TrainingReport.newBuilder()
                        .setData("none: random He-initialised weights for benchmarking; calibrated on the "
                                + CifarFixture.SIZE + " CIFAR-10 fixture images")
                        .setNumImages(embeddings.length)
                        .setDurationMs(System.currentTimeMillis() - started)
                        .setBackbone("bench-cnn4 (" + parameterCount(encoder) + " parameters)")
                        .setDevice("cpu")
                        .setSeed(seed));
        for (int k = 0; k < NUM_CLUSTERS; k++) {
            manifest.addReferenceProportions(1.0 / NUM_CLUSTERS);
            manifest.addClusters(ClusterInfo.newBuilder().setClusterId(k).setKey(ClusterKeys.fresh(version, k)));
        }
        return SnapshotDraft.builder(manifest.build()).bytes(ENCODER_FILE, onnx).build();
    }

    /** Embeds the fixture images with the encoder, loaded through ONNX Runtime as serving loads it. */
    private static float[][] embedFixture(byte[] onnx) throws IOException {
        Path directory = Files.createTempDirectory("bench-encoder");
        Path file = directory.resolve(ENCODER_FILE);
        try {
            Files.write(file, onnx);
            LabeledImages images = CifarFixture.load();
            Preprocessor preprocessor = new Preprocessor(PREPROCESSING);
            int size = preprocessor.tensorSize();
            float[] batch = new float[images.size() * size];
            for (int i = 0; i < images.size(); i++) {
                preprocessor.toTensor(images.image(i), batch, i * size);
            }
            try (OnnxEncoder encoder = OnnxEncoder.load(file, OUTPUT_NAME, preprocessor.channels(), preprocessor.height(),
                    preprocessor.width(), EMBEDDING_DIM, 1)) {
                return encoder.embed(batch, images.size());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }

    private static EmbeddingReference reference(float[][] embeddings) {
        double[] mean = new double[EMBEDDING_DIM];
        for (float[] e : embeddings) {
            for (int j = 0; j < EMBEDDING_DIM; j++) {
                mean[j] += e[j];
            }
        }
        EmbeddingReference.Builder reference = EmbeddingReference.newBuilder();
        for (int j = 0; j < EMBEDDING_DIM; j++) {
            mean[j] /= embeddings.length;
            reference.addMean((float) mean[j]);
        }
        double squared = 0;
        for (float[] e : embeddings) {
            for (int j = 0; j < EMBEDDING_DIM; j++) {
                double d = e[j] - mean[j];
                squared += d * d;
            }
        }
        return reference.setRmsSpread(Math.sqrt(squared / embeddings.length)).build();
    }

    /** K random directions, each normalised to unit length. */
    private static float[] unitPrototypes(Random random) {
        float[] prototypes = new float[NUM_CLUSTERS * EMBEDDING_DIM];
        for (int k = 0; k < NUM_CLUSTERS; k++) {
            double norm = 0;
            for (int j = 0; j < EMBEDDING_DIM; j++) {
                float v = (float) random.nextGaussian();
                prototypes[k * EMBEDDING_DIM + j] = v;
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < EMBEDDING_DIM; j++) {
                prototypes[k * EMBEDDING_DIM + j] /= (float) norm;
            }
        }
        return prototypes;
    }

    /** He (Kaiming) normal initialisation: N(0, 2 / fan_in). */
    private static float[] he(Random random, int count, int fanIn) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] uniform(Random random, int count, float low, float high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = low + (high - low) * random.nextFloat();
        }
        return values;
    }

    private static Iterable<Float> boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return Arrays.asList(boxed);
    }
}
