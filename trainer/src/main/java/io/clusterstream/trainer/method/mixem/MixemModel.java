package io.clusterstream.trainer.method.mixem;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.kmeans.KMeansResult;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.method.Blocks;
import io.clusterstream.trainer.method.ImageTensors;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.OnnxFeatures;
import io.clusterstream.trainer.method.PrototypeHeads;
import io.clusterstream.trainer.method.loss.MixemObjective;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIX'EM (shared/algorithms.md §2): C = K embedding heads (h → h → 32, then l2n, giving e_c), a gate (h → h → C,
 * softmax, giving π), the mixed embedding z = Σ_c π_c e_c (not re-normalised), trained with {@link MixemObjective}.
 *
 * <p>After training, every image of the fit input is embedded un-augmented (eval-mode BN) and the spec's clustering
 * variants are scored and recorded in the report: k-means initialised from the mixture components and k-means++ with
 * restarts, on h and z, raw and L2-normalised, and on e at argmax π (unit already); and the gate's argmax. Served: the encoder exported with
 * L2 normalisation, l2n(h), and the K centroids of mixture-initialised spherical k-means on exactly those exported
 * features as a cosine prototype head (stateless nearest frozen centroid). Deviations: heads are as wide as the
 * (possibly width-scaled) backbone's features, as in CC; the served feature is l2n(h) because the serving graph cannot
 * express the gate and heads yet.
 */
final class MixemModel implements LearnedMethod {

    private static final Logger LOG = LoggerFactory.getLogger(MixemModel.class);

    static final int EMBEDDING_DIM = 32;
    /** Softmax temperature over the cosine similarities of the served head; only shapes the confidences. */
    static final double SERVING_TEMPERATURE = 0.1;
    private static final double NORM_EPSILON = 1e-12;

    /** One forward pass: features h (B x h), head embeddings e (B x C x 32), gate log π (B x C), mixture z (B x 32). */
    private record Forward(NDArray h, NDArray experts, NDArray logPi, NDArray z) {}

    private final ResNetEncoder encoder;
    private final List<Projection> heads = new ArrayList<>();
    private final Projection gate;
    private final NDManager manager;
    private final int clusters;
    private final int restarts;
    private final long seed;
    private final int threads;
    private final Set<MixemObjective.Term> terms;

    MixemModel(ResNetEncoder encoder, NDManager manager, int clusters, int restarts, long seed, int threads,
            Set<MixemObjective.Term> terms, long... inputShape) {
        this.encoder = encoder;
        this.manager = manager;
        this.clusters = clusters;
        this.restarts = restarts;
        this.seed = seed;
        this.threads = threads;
        this.terms = Set.copyOf(terms);
        int h = encoder.featureDim();
        Blocks.initialize(encoder, manager, inputShape);
        for (int c = 0; c < clusters; c++) {
            Projection head = Projection.of(h, h, EMBEDDING_DIM);
            Blocks.initialize(head, manager, inputShape[0], h);
            heads.add(head);
        }
        this.gate = Projection.of(h, h, clusters);
        Blocks.initialize(gate, manager, inputShape[0], h);
    }

    @Override
    public int views() {
        return 2;
    }

    @Override
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put("encoder", encoder);
        for (int c = 0; c < heads.size(); c++) {
            blocks.put("head" + c, heads.get(c));
        }
        blocks.put("gate", gate);
        return blocks;
    }

    @Override
    public NDArray loss(ParameterStore store, NDList views) {
        Forward i = forward(store, views.get(0), true);
        Forward j = forward(store, views.get(1), true);
        return MixemObjective.loss(new MixemObjective.View(i.z(), i.logPi()), new MixemObjective.View(j.z(), j.logPi()), terms);
    }

    private Forward forward(ParameterStore store, NDArray images, boolean training) {
        NDArray h = Blocks.forward(encoder, store, images, training);
        NDList embeddings = new NDList(heads.size());
        for (Projection head : heads) {
            embeddings.add(Blocks.forward(head, store, h, training).normalize(2, 1, NORM_EPSILON));
        }
        NDArray experts = NDArrays.stack(embeddings, 1);
        NDArray logPi = Blocks.forward(gate, store, h, training).logSoftmax(1);
        NDArray z = logPi.exp().expandDims(2).mul(experts).sum(new int[] {1});
        return new Forward(h, experts, logPi, z);
    }

    @Override
    public Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) throws IOException {
        int n = input.images().size();
        int h = encoder.featureDim();
        float[] features = new float[n * h];
        float[] mixed = new float[n * EMBEDDING_DIM];
        float[] chosen = new float[n * EMBEDDING_DIM];
        int[] gateLabels = new int[n];
        embedAll(input, preprocessor, features, mixed, chosen, gateLabels);

        ClusteringVariants variants = new ClusteringVariants(clusters, restarts, seed, gateLabels);
        Map<String, ClusteringScores> scores = variants.scoreAll(input.images().labels(),
                new ClusteringVariants.Feature("h", features, h, false), new ClusteringVariants.Feature("z", mixed, EMBEDDING_DIM, false),
                new ClusteringVariants.Feature("e", chosen, EMBEDDING_DIM, true));
        LOG.info("MIX'EM clusterings of the fit input (ACC NMI ARI):\n{}", scores.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "  %-16s %.4f %.4f %.4f", e.getKey(), e.getValue().acc(), e.getValue().nmi(),
                        e.getValue().ari()))
                .collect(Collectors.joining("\n")));
        report.putAllHyperparameters(ClusteringVariants.reportEntries(scores));

        ModelProto graph = ServingGraphExporter.export(encoder, null, true, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        float[] served = OnnxFeatures.extract(graph, input.images(), preprocessor, h, input.workDir(), threads);
        KMeansResult clustering = variants.mixtureInitialised(new ClusteringVariants.Feature("served", served, h, true), true);
        return new Serving(graph, h, PrototypeHeads.cosine(clustering.centroids(), SERVING_TEMPERATURE));
    }

    /** h, z, e at argmax π and argmax π of every un-augmented image, in eval mode. */
    private void embedAll(FitInput input, Preprocessor preprocessor, float[] features, float[] mixed, float[] chosen, int[] gateLabels) {
        int n = input.images().size();
        int h = encoder.featureDim();
        for (int start = 0; start < n; start += ImageTensors.BATCH) {
            int end = Math.min(n, start + ImageTensors.BATCH);
            try (NDManager batch = manager.newSubManager()) {
                batch.tempAttachAll(Blocks.parameterArrays(blocks().values()));
                NDArray x = batch.create(ImageTensors.batch(input.images(), preprocessor, start, end),
                        new Shape(end - start, preprocessor.channels(), preprocessor.height(), preprocessor.width()));
                Forward forward = forward(new ParameterStore(batch, false), x, false);
                NDArray argmax = forward.logPi().argMax(1);
                int[] labels = argmax.toType(DataType.INT32, false).toIntArray();
                float[] experts = forward.experts().toFloatArray();
                System.arraycopy(forward.h().toFloatArray(), 0, features, start * h, (end - start) * h);
                System.arraycopy(forward.z().toFloatArray(), 0, mixed, start * EMBEDDING_DIM, (end - start) * EMBEDDING_DIM);
                for (int i = 0; i < labels.length; i++) {
                    gateLabels[start + i] = labels[i];
                    System.arraycopy(experts, (i * clusters + labels[i]) * EMBEDDING_DIM, chosen, (start + i) * EMBEDDING_DIM,
                            EMBEDDING_DIM);
                }
            }
        }
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("temperature", Double.toString(MixemObjective.TEMPERATURE), "embedding_dim", Integer.toString(EMBEDDING_DIM),
                "terms", terms.stream().sorted().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")),
                "kmeans_restarts", Integer.toString(restarts), "serving_temperature", Double.toString(SERVING_TEMPERATURE),
                "served_feature", "mixinit_l2n_h");
    }
}
