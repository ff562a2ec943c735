package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.EncoderSignature;
import io.clusterstream.schemas.v1.MicePosteriorHead;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Valid manifests and artifacts for snapshot tests: K = 3 clusters over D = 4 dimensional embeddings. */
final class SnapshotFixtures {

    static final int K = 3;
    static final int D = 4;
    static final String ENCODER = "encoder.onnx";
    static final String QUEUE = "queue.f32";
    static final int QUEUE_SIZE = 5;
    static final int EXPERT_DIM = 2;
    static final int GATE_DIM = 4;

    private SnapshotFixtures() {
    }

    /** A valid prototype-head manifest whose encoder is {@value #ENCODER}, without checksums. */
    static SnapshotManifest.Builder prototypeDraftManifest(String modelId, long version) {
        float[] prototypes = new float[K * D];
        for (int i = 0; i < prototypes.length; i++) {
            prototypes[i] = (i % D == i / D) ? 1f : 0f;
        }
        PrototypeHead.Builder head = PrototypeHead.newBuilder().setTemperature(0.1f);
        for (float value : prototypes) {
            head.addPrototypes(value);
        }
        SnapshotManifest.Builder manifest = SnapshotManifest.newBuilder()
                .setFormatVersion(1)
                .setModel(ModelRef.newBuilder().setModelId(modelId).setVersion(version))
                .setCreatedTimeMs(1_700_000_000_000L)
                .setAlgorithm(Algorithm.ALGORITHM_SIMCLR_KMEANS)
                .setNumClusters(K)
                .setEmbeddingDim(D)
                .setPreprocessing(Preprocessing.newBuilder()
                        .setHeight(32).setWidth(32).setChannels(3)
                        .addMean(0.49f).addMean(0.48f).addMean(0.45f)
                        .addStd(0.25f).addStd(0.24f).addStd(0.26f))
                .setEncoder(Artifact.newBuilder().setUri(ENCODER))
                .setEncoderSignature(EncoderSignature.newBuilder().setInputName("image").setOutputName("feature"))
                .setHead(ClusteringHead.newBuilder().setPrototype(head))
                .addReferenceProportions(0.5).addReferenceProportions(0.3).addReferenceProportions(0.2);
        for (int k = 0; k < K; k++) {
            manifest.addClusters(ClusterInfo.newBuilder().setClusterId(k).setKey("key-" + k).setSize(10 + k));
        }
        return manifest;
    }

    /** A valid MiCE-posterior manifest with encoder {@value #ENCODER} and queue {@value #QUEUE}, no checksums. */
    static SnapshotManifest.Builder miceDraftManifest(String modelId, long version) {
        MicePosteriorHead.Builder head = MicePosteriorHead.newBuilder()
                .setGateDim(GATE_DIM).setExpertDim(EXPERT_DIM).setKappa(1f).setTau(1f)
                .setQueue(Artifact.newBuilder().setUri(QUEUE))
                .setQueueSize(QUEUE_SIZE);
        for (int i = 0; i < K * GATE_DIM; i++) {
            head.addGatingPrototypes(0.25f);
        }
        for (int i = 0; i < K * EXPERT_DIM; i++) {
            head.addExpertPrototypes(0.5f);
        }
        return prototypeDraftManifest(modelId, version)
                .setAlgorithm(Algorithm.ALGORITHM_MICE)
                .setEmbeddingDim(GATE_DIM + 2 * K * EXPERT_DIM)
                .setHead(ClusteringHead.newBuilder().setMicePosterior(head));
    }

    static byte[] encoderBytes() {
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** {@code floats} little-endian float32 values 0.0, 0.01, 0.02, ... */
    static byte[] floatBytes(int floats) {
        ByteBuffer buffer = ByteBuffer.allocate(floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < floats; i++) {
            buffer.putFloat(i * 0.01f);
        }
        return buffer.array();
    }

    static byte[] queueBytes() {
        return floatBytes(QUEUE_SIZE * K * EXPERT_DIM);
    }

    /** Writes {@code bytes} to {@code directory/name} and returns the artifact describing it, checksum included. */
    static Artifact writeArtifact(Path directory, String name, byte[] bytes) throws IOException {
        Files.write(directory.resolve(name), bytes);
        return Artifact.newBuilder().setUri(name).setSha256(sha256(bytes)).setSizeBytes(bytes.length).build();
    }

    /**
     * A complete, valid prototype-head manifest with its encoder written into {@code directory}, as if published
     * there by hand.
     */
    static SnapshotManifest.Builder writtenPrototypeSnapshot(Path directory) throws IOException {
        return prototypeDraftManifest("digits", 1).setEncoder(writeArtifact(directory, ENCODER, encoderBytes()));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
