package io.clusterstream.trainer.method.cc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.Activation;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.MlpHead;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.method.BatchNormRecalibration;
import io.clusterstream.trainer.method.Blocks;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.loss.ClusterContrast;
import io.clusterstream.trainer.method.loss.NtXent;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contrastive Clustering (shared/algorithms.md §4): an instance head h → h → 128 trained with NT-Xent (τ = 0.5) and a
 * cluster head h → h → K with softmax trained with the cluster-level contrast over the 2K columns (τ = 1.0) plus the
 * balance term. Served as argmax of the cluster head: the encoder is exported without L2 normalisation and the
 * cluster head's two Linear layers become the manifest's MLP head, whose softmax core's {@code MlpClusterHead}
 * applies; confidence is the max softmax. Before export the encoder's batch-norm statistics are re-estimated on the
 * un-augmented images ({@link BatchNormRecalibration}). Deviation: the paper's heads are 512 wide; here they are as wide as the
 * (possibly width-scaled) backbone's features.
 */
public final class CcModel implements LearnedMethod {

    static final double INSTANCE_TEMPERATURE = 0.5;
    static final int INSTANCE_DIM = 128;

    private final ResNetEncoder encoder;
    private final Projection instanceHead;
    private final Projection clusterHead;
    private final NDManager manager;

    CcModel(ResNetEncoder encoder, NDManager manager, int clusters, long... inputShape) {
        this.manager = manager;
        this.encoder = encoder;
        int h = encoder.featureDim();
        this.instanceHead = Projection.of(h, h, INSTANCE_DIM);
        this.clusterHead = Projection.of(h, h, clusters);
        Blocks.initialize(encoder, manager, inputShape);
        Blocks.initialize(instanceHead, manager, inputShape[0], h);
        Blocks.initialize(clusterHead, manager, inputShape[0], h);
    }

    @Override
    public int views() {
        return 2;
    }

    @Override
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put("encoder", encoder);
        blocks.put("instance_head", instanceHead);
        blocks.put("cluster_head", clusterHead);
        return blocks;
    }

    @Override
    public NDArray loss(ParameterStore store, NDList views) {
        NDArray ha = Blocks.forward(encoder, store, views.get(0), true);
        NDArray hb = Blocks.forward(encoder, store, views.get(1), true);
        NDArray instance = NtXent.loss(Blocks.forward(instanceHead, store, ha, true),
                Blocks.forward(instanceHead, store, hb, true), INSTANCE_TEMPERATURE);
        NDArray ya = Blocks.forward(clusterHead, store, ha, true).softmax(1);
        NDArray yb = Blocks.forward(clusterHead, store, hb, true).softmax(1);
        return instance.add(ClusterContrast.loss(ya, yb, ClusterContrast.TEMPERATURE));
    }

    @Override
    public Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) {
        BatchNormRecalibration.recalibrate(encoder, manager, input.images(), preprocessor);
        ModelProto graph = ServingGraphExporter.export(encoder, null, false, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        return new Serving(graph, encoder.featureDim(), ClusteringHead.newBuilder().setMlp(mlpHead(clusterHead)).build());
    }

    /** The projection's Linear layers as the manifest's dense layers, ReLU between them. */
    public static MlpHead mlpHead(Projection projection) {
        MlpHead.Builder head = MlpHead.newBuilder();
        for (int i = 0; i < projection.depth(); i++) {
            int[] dims = projection.layerDims(i);
            DenseLayer.Builder layer = DenseLayer.newBuilder()
                    .setInDim(dims[0])
                    .setOutDim(dims[1])
                    .setActivation(i < projection.depth() - 1 ? Activation.ACTIVATION_RELU : Activation.ACTIVATION_NONE);
            for (float w : projection.weight(i).toFloatArray()) {
                layer.addWeight(w);
            }
            for (float b : projection.bias(i).toFloatArray()) {
                layer.addBias(b);
            }
            head.addLayers(layer);
        }
        return head.build();
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("instance_temperature", Double.toString(INSTANCE_TEMPERATURE),
                "cluster_temperature", Double.toString(ClusterContrast.TEMPERATURE));
    }
}
