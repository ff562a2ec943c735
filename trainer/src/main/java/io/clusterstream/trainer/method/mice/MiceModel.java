package io.clusterstream.trainer.method.mice;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.method.Blocks;
import io.clusterstream.trainer.method.ImageTensors;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MomentumKeys;
import io.clusterstream.trainer.method.loss.MaxMahalanobisCentres;
import io.clusterstream.trainer.method.loss.MiceObjective;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MiCE (shared/algorithms.md §1): K expert heads (one Linear h → K·128, reshaped, each row L2-normalised, which is K
 * separate Linear(h → 128) + l2n), a gating head (Linear h → 128 + l2n), fixed Max-Mahalanobis gating prototypes ω,
 * trainable expert prototypes μ initialised to ω (the official code leaves them uninitialised for epoch 1), an EMA
 * teacher of the encoder and expert heads (m = 0.999, parameters only, updated after each step outside the gradient
 * collector; it runs with batch statistics), a FIFO queue of teacher keys (ν × K × 128, U(±√(3/128)) at start),
 * the ELBO loss, and at each epoch's end the analytical update μ_k ← l2n(Σ teacher keys of the images whose
 * posterior argmax is k).
 *
 * <p>Served in the stateless gating form: the exported graph is encoder → gating head → l2n, and the head is ω with
 * cosine similarity at temperature κ (argmax_k ω_k·g). The trainer also computes the full posterior with the frozen
 * queue on the training sample and reports its ACC next to the served one; core cannot serve the posterior yet.
 * Deviation: the student is forwarded for x1 and x3 separately (as the official code does), the teacher once.
 */
final class MiceModel implements LearnedMethod {

    private static final Logger LOG = LoggerFactory.getLogger(MiceModel.class);

    static final int EMBEDDING_DIM = 128;
    static final double TEACHER_MOMENTUM = 0.999;
    private static final double NORM_EPSILON = 1e-12;

    private final ResNetEncoder encoder;
    private final Projection experts;
    private final Projection gate;
    private final ResNetEncoder teacherEncoder;
    private final Projection teacherExperts;
    private final NDManager manager;
    private final int clusters;
    private final int queueSize;
    private final double kappa;
    private final double tau;
    private final NDArray omega;
    private final NDArray mu;
    private final NDArray queue;
    private final NDArray keySums;
    private long queuePointer;
    private NDArray lastKeys;
    private NDArray lastAssignments;

    MiceModel(ResNetEncoder encoder, ResNetEncoder teacherEncoder, NDManager manager, int clusters, int queueSize,
            double kappa, double tau, long... inputShape) {
        this.encoder = encoder;
        this.teacherEncoder = teacherEncoder;
        this.manager = manager;
        this.clusters = clusters;
        this.queueSize = queueSize;
        this.kappa = kappa;
        this.tau = tau;
        int h = encoder.featureDim();
        this.experts = Projection.linear(h, clusters * EMBEDDING_DIM);
        this.gate = Projection.linear(h, EMBEDDING_DIM);
        this.teacherExperts = Projection.linear(h, clusters * EMBEDDING_DIM);
        Blocks.initialize(encoder, manager, inputShape);
        Blocks.initialize(teacherEncoder, manager, inputShape);
        for (Projection head : List.of(experts, gate, teacherExperts)) {
            Blocks.initialize(head, manager, inputShape[0], h);
        }
        teacherEncoder.freezeParameters(true);
        teacherExperts.freezeParameters(true);
        Blocks.copyParameters(encoder, teacherEncoder);
        Blocks.copyParameters(experts, teacherExperts);
        this.omega = manager.create(MaxMahalanobisCentres.asFloats(clusters, EMBEDDING_DIM), new Shape(clusters, EMBEDDING_DIM));
        this.mu = omega.duplicate();
        mu.setRequiresGradient(true);
        double bound = Math.sqrt(3.0 / EMBEDDING_DIM);
        this.queue = manager.randomUniform((float) -bound, (float) bound, new Shape(queueSize, clusters, EMBEDDING_DIM));
        this.keySums = manager.zeros(new Shape(clusters, EMBEDDING_DIM));
    }

    @Override
    public int views() {
        return 3;
    }

    @Override
    public Map<String, Block> blocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put("encoder", encoder);
        blocks.put("experts", experts);
        blocks.put("gate", gate);
        blocks.put("teacher_encoder", teacherEncoder);
        blocks.put("teacher_experts", teacherExperts);
        return blocks;
    }

    @Override
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> trainable = new LinkedHashMap<>(LearnedMethod.super.trainable());
        if (!mu.hasGradient()) {
            mu.setRequiresGradient(true);
        }
        trainable.put("mu", mu);
        return trainable;
    }

    @Override
    public NDList state() {
        return new NDList(mu, queue, keySums);
    }

    @Override
    public NDArray loss(ParameterStore store, NDList views) {
        NDArray f = expertEmbeddings(encoder, experts, store, views.get(0), true);
        NDArray g = gatingEmbedding(store, views.get(2), true);
        NDArray v = expertEmbeddings(teacherEncoder, teacherExperts, store, views.get(1), true).stopGradient();
        MiceObjective.Terms terms = MiceObjective.compute(f, g, v, omega, mu, queue, kappa, tau);
        lastKeys = v;
        lastAssignments = terms.posterior().stopGradient().argMax(1);
        return terms.loss();
    }

    @Override
    public void afterUpdate(ParameterStore store, NDList views) {
        updateTeacher(encoder, teacherEncoder);
        updateTeacher(experts, teacherExperts);
        enqueue(lastKeys);
        NDArray members = lastAssignments.oneHot(clusters).toType(lastKeys.getDataType(), false);
        keySums.addi(members.expandDims(2).mul(lastKeys).sum(new int[] {0}));
    }

    @Override
    public void endEpoch() {
        try (NDManager epoch = manager.newSubManager()) {
            epoch.tempAttachAll(mu, keySums);
            NDArray norms = keySums.norm(new int[] {1}, true);
            NDArray updated = keySums.div(norms.maximum((float) NORM_EPSILON));
            // a cluster no image chose keeps its μ
            NDArrays.where(norms.gt(0).broadcast(mu.getShape()), updated, mu).copyTo(mu);
            keySums.subi(keySums);
        }
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("queue_pointer", queuePointer);
    }

    @Override
    public void restoreCounters(Map<String, Long> counters) {
        queuePointer = counters.getOrDefault("queue_pointer", 0L);
    }

    private NDArray expertEmbeddings(ResNetEncoder backbone, Projection heads, ParameterStore store, NDArray images, boolean training) {
        NDArray projected = Blocks.forward(heads, store, Blocks.forward(backbone, store, images, training), training);
        return projected.reshape(projected.getShape().get(0), clusters, EMBEDDING_DIM).normalize(2, 2, NORM_EPSILON);
    }

    private NDArray gatingEmbedding(ParameterStore store, NDArray images, boolean training) {
        return Blocks.forward(gate, store, Blocks.forward(encoder, store, images, training), training).normalize(2, 1, NORM_EPSILON);
    }

    private static void updateTeacher(Block student, Block teacher) {
        MomentumKeys.updateTeacher(student, teacher, TEACHER_MOMENTUM);
    }

    private void enqueue(NDArray keys) {
        queuePointer = MomentumKeys.enqueue(queue, queuePointer, keys);
    }

    @Override
    public Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) {
        ModelProto graph = ServingGraphExporter.export(encoder, gate, true, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        PrototypeHead.Builder head = PrototypeHead.newBuilder()
                .setTemperature((float) kappa)
                .setSimilarity(Similarity.SIMILARITY_COSINE);
        for (float w : omega.toFloatArray()) {
            head.addPrototypes(w);
        }
        int[] posterior = posteriorLabels(input, preprocessor);
        ClusteringScores scores = ClusteringMetrics.evaluate(input.images().labels(), posterior);
        LOG.info(String.format(Locale.ROOT, "MiCE full posterior with the frozen queue on the training sample: ACC %.4f NMI %.4f ARI %.4f",
                scores.acc(), scores.nmi(), scores.ari()));
        report.putHyperparameters("posterior_acc", String.format(Locale.ROOT, "%.4f", scores.acc()))
                .putHyperparameters("posterior_nmi", String.format(Locale.ROOT, "%.4f", scores.nmi()))
                .putHyperparameters("posterior_ari", String.format(Locale.ROOT, "%.4f", scores.ari()));
        return new Serving(graph, EMBEDDING_DIM, ClusteringHead.newBuilder().setPrototype(head).build());
    }

    /** argmax r with x1 = x2 = x3 = the un-augmented image, the frozen queue (never written here), eval-mode BN. */
    int[] posteriorLabels(FitInput input, Preprocessor preprocessor) {
        int n = input.images().size();
        int[] labels = new int[n];
        Shape image = new Shape(preprocessor.channels(), preprocessor.height(), preprocessor.width());
        for (int start = 0; start < n; start += ImageTensors.BATCH) {
            int end = Math.min(n, start + ImageTensors.BATCH);
            try (NDManager batch = manager.newSubManager()) {
                batch.tempAttachAll(persistentForInference());
                NDArray x = batch.create(ImageTensors.batch(input.images(), preprocessor, start, end),
                        new Shape(end - start, image.get(0), image.get(1), image.get(2)));
                ParameterStore store = new ParameterStore(batch, false);
                NDArray f = expertEmbeddings(encoder, experts, store, x, false);
                NDArray g = gatingEmbedding(store, x, false);
                NDArray v = expertEmbeddings(teacherEncoder, teacherExperts, store, x, false);
                int[] assigned = MiceObjective.compute(f, g, v, omega, mu, queue, kappa, tau).posterior().argMax(1)
                        .toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                System.arraycopy(assigned, 0, labels, start, assigned.length);
            }
        }
        return labels;
    }

    private ai.djl.ndarray.NDResource[] persistentForInference() {
        List<ai.djl.ndarray.NDResource> arrays = new java.util.ArrayList<>(List.of(omega, mu, queue, keySums));
        for (Block block : blocks().values()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                arrays.add(p.getValue().getArray());
            }
        }
        return arrays.toArray(ai.djl.ndarray.NDResource[]::new);
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("kappa", Double.toString(kappa), "tau", Double.toString(tau), "queue", Integer.toString(queueSize),
                "teacher_momentum", Double.toString(TEACHER_MOMENTUM), "embedding_dim", Integer.toString(EMBEDDING_DIM));
    }
}
