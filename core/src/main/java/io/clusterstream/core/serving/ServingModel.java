package io.clusterstream.core.serving;

import io.clusterstream.core.head.ClusterAssigner;
import io.clusterstream.core.head.ClusterAssignmentResult;
import io.clusterstream.core.head.ClusterHeads;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot ready to serve: preprocessing, the ONNX encoder and the clustering head, behind one call that assigns a
 * batch of images. Like its encoder, one instance belongs to one thread; {@link #close()} releases the native model.
 */
public final class ServingModel implements AutoCloseable {

    private final SnapshotManifest manifest;
    private final Preprocessor preprocessor;
    private final OnnxEncoder encoder;
    private final ClusterAssigner assigner;
    private final String[] clusterKeys;

    private ServingModel(SnapshotManifest manifest, Preprocessor preprocessor, OnnxEncoder encoder, ClusterAssigner assigner) {
        this.manifest = manifest;
        this.preprocessor = preprocessor;
        this.encoder = encoder;
        this.assigner = assigner;
        this.clusterKeys = new String[manifest.getNumClusters()];
        for (int k = 0; k < clusterKeys.length; k++) {
            clusterKeys[k] = k < manifest.getClustersCount() ? manifest.getClusters(k).getKey() : "";
        }
    }

    /**
     * Builds the serving model of a verified snapshot, with every artifact its head needs (a MiCE posterior head's
     * queue).
     *
     * @throws IllegalArgumentException when the head or preprocessing in the manifest cannot be served
     * @throws EncoderLoadException     when ONNX Runtime cannot load the encoder
     */
    public static ServingModel load(Snapshot snapshot, ServingOptions options) {
        return load(snapshot.manifest(), snapshot.encoder(), snapshot.queue().orElse(null), options);
    }

    /**
     * Builds the serving model of a snapshot whose head needs no artifact besides the encoder (prototype, MLP).
     *
     * @param encoderFile the snapshot's encoder, already checked against the manifest's SHA-256
     * @throws IllegalArgumentException when the head or preprocessing in the manifest cannot be served
     * @throws EncoderLoadException     when ONNX Runtime cannot load the encoder
     */
    public static ServingModel load(SnapshotManifest manifest, Path encoderFile, ServingOptions options) {
        return load(manifest, encoderFile, null, options);
    }

    /**
     * Builds the serving model of a snapshot from its files.
     *
     * @param encoderFile     the snapshot's encoder, already checked against the manifest's SHA-256
     * @param queueFileOrNull a MiCE posterior head's queue file, else null
     * @throws IllegalArgumentException when the head or preprocessing in the manifest cannot be served
     * @throws EncoderLoadException     when ONNX Runtime cannot load the encoder
     */
    public static ServingModel load(SnapshotManifest manifest, Path encoderFile, Path queueFileOrNull, ServingOptions options) {
        Preprocessor preprocessor = new Preprocessor(manifest.getPreprocessing());
        ClusterAssigner assigner = new ClusterAssigner(ClusterHeads.fromManifest(manifest, queueFileOrNull), options.topK(),
                noveltyThreshold(manifest, options));
        OnnxEncoder encoder = OnnxEncoder.load(
                encoderFile,
                manifest.getEncoderSignature().getOutputName(),
                preprocessor.channels(),
                preprocessor.height(),
                preprocessor.width(),
                manifest.getEmbeddingDim(),
                options.threads());
        return new ServingModel(manifest, preprocessor, encoder, assigner);
    }

    private static double noveltyThreshold(SnapshotManifest manifest, ServingOptions options) {
        if (!Double.isNaN(options.noveltyThreshold())) {
            return options.noveltyThreshold();
        }
        // Without a calibration nothing is flagged: a threshold of 1 is never exceeded.
        return manifest.hasNovelty() && manifest.getNovelty().getThreshold() > 0 ? manifest.getNovelty().getThreshold() : 1.0;
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    public String modelId() {
        return manifest.getModel().getModelId();
    }

    public long version() {
        return manifest.getModel().getVersion();
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** The stable key of a cluster, or "" when the manifest has none. */
    public String clusterKey(int clusterId) {
        return clusterKeys[clusterId];
    }

    /** Preprocesses, embeds and assigns a batch of images, in order. */
    public List<Served> assign(List<PixelImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        int tensorSize = preprocessor.tensorSize();
        float[] batch = new float[images.size() * tensorSize];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.toTensor(images.get(i), batch, i * tensorSize);
        }
        return assignTensors(batch, images.size());
    }

    /** Embeds and assigns {@code count} already preprocessed images laid out one after another in {@code batch}. */
    public List<Served> assignTensors(float[] batch, int count) {
        float[][] features = encoder.embed(batch, count);
        List<Served> served = new ArrayList<>(count);
        for (float[] feature : features) {
            served.add(new Served(assigner.assign(feature), feature));
        }
        return served;
    }

    @Override
    public void close() {
        encoder.close();
    }

    /** One image's assignment and the embedding it was computed from. */
    public record Served(ClusterAssignmentResult assignment, float[] embedding) {}
}
