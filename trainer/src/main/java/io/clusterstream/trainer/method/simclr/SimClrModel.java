package io.clusterstream.trainer.method.simclr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.kmeans.KMeans;
import io.clusterstream.core.kmeans.KMeansResult;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.method.Blocks;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.OnnxFeatures;
import io.clusterstream.trainer.method.PrototypeHeads;
import io.clusterstream.trainer.method.loss.NtXent;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SimCLR + k-means (shared/algorithms.md §5): the encoder and a projection MLP (h → h → 128) trained with NT-Xent
 * (τ = 0.5) on two views; then spherical k-means on l2n(h) of the un-augmented images, computed by the exported
 * serving graph itself; served as the nearest centroid by cosine.
 */
final class SimClrModel implements LearnedMethod {

    static final double TEMPERATURE = 0.5;
    static final int PROJECTION_DIM = 128;
    /** Softmax temperature over the cosine similarities of the served head; only shapes the confidences. */
    static final double SERVING_TEMPERATURE = 0.1;

    private final ResNetEncoder encoder;
    private final Projection projection;
    private final int clusters;
    private final int restarts;
    private final long seed;
    private final int threads;

    SimClrModel(ResNetEncoder encoder, NDManager manager, int clusters, int restarts, long seed, int threads, long... inputShape) {
        this.encoder = encoder;
        this.projection = Projection.of(encoder.featureDim(), encoder.featureDim(), PROJECTION_DIM);
        this.clusters = clusters;
        this.restarts = restarts;
        this.seed = seed;
        this.threads = threads;
        Blocks.initialize(encoder, manager, inputShape);
        Blocks.initialize(projection, manager, inputShape[0], encoder.featureDim());
    }

    @Override
    public int views() {
        return 2;
    }

    @Override
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put("encoder", encoder);
        blocks.put("projection", projection);
        return blocks;
    }

    @Override
    public NDArray loss(ParameterStore store, NDList views) {
        NDArray a = Blocks.forward(projection, store, Blocks.forward(encoder, store, views.get(0), true), true);
        NDArray b = Blocks.forward(projection, store, Blocks.forward(encoder, store, views.get(1), true), true);
        return NtXent.loss(a, b, TEMPERATURE);
    }

    @Override
    public Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) throws IOException {
        int dim = encoder.featureDim();
        ModelProto graph = ServingGraphExporter.export(encoder, null, true, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        float[] features = OnnxFeatures.extract(graph, input.images(), preprocessor, dim, input.workDir(), threads);
        KMeansResult clustering = KMeans.withClusters(clusters).restarts(restarts).seed(seed).spherical(true).build()
                .fit(features, input.images().size(), dim);
        return new Serving(graph, dim, PrototypeHeads.cosine(clustering.centroids(), SERVING_TEMPERATURE));
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("temperature", Double.toString(TEMPERATURE), "projection_dim", Integer.toString(PROJECTION_DIM),
                "kmeans_restarts", Integer.toString(restarts), "serving_temperature", Double.toString(SERVING_TEMPERATURE));
    }
}
