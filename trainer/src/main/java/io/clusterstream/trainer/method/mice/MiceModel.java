package io.clusterstream.trainer.method.mice;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.MicePosteriorHead;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
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
 * <p>Served in either of two forms ({@link MiceServing}); both are computed on the training sample (x1 = x2 = x3 = the
 * un-augmented image, eval-mode batch norm) and their ACC/NMI/ARI reported ({@code gating_*}, {@code posterior_*}).
 * The stateless gating form exports encoder → gating head → l2n with ω as a cosine prototype head at temperature κ
 * (argmax_k ω_k·g). The posterior form exports student and teacher in one graph whose single output is [g | f_1..f_K |
 * v_1..v_K] and ships μ, τ and the queue (frozen: never written when serving) as a MiCE posterior head, which core
 * evaluates exactly as {@link MiceObjective} does. Deviation: the student is forwarded for x1 and x3 separately (as
 * the official code does), the teacher once.
 */
final class MiceModel implements LearnedMethod {

    private static final Logger LOG = LoggerFactory.getLogger(MiceModel.class);

    static final int EMBEDDING_DIM = 128;
    /** The posterior head's frozen queue artifact. */
    static final String QUEUE_FILE = "mice-queue.f32";
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
    private final MiceServing servingChoice;
    private final NDArray omega;
    private final NDArray mu;
    private final NDArray queue;
    private final NDArray keySums;
    private long queuePointer;
    private NDArray lastKeys;
    private NDArray lastAssignments;
    private TrainerLabels trainerLabels;

    /** Both forms' labels of the training sample, as computed by the trainer's blocks. */
    record TrainerLabels(int[] gating, int[] posterior) {}

    MiceModel(ResNetEncoder encoder, ResNetEncoder teacherEncoder, NDManager manager, int clusters, int queueSize,
            double kappa, double tau, MiceServing servingChoice, long... inputShape) {
        this.servingChoice = servingChoice;
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
        trainerLabels = trainerLabels(input, preprocessor);
        double gatingAcc = scoreForm(report, "gating", "stateless gating form", input, trainerLabels.gating());
        double posteriorAcc = scoreForm(report, "posterior", "full posterior with the frozen queue", input, trainerLabels.posterior());
        MiceServing form = servingChoice.choose(gatingAcc, posteriorAcc);
        LOG.info("MiCE serves the {} form (--mice-serving {})", form == MiceServing.GATING ? "stateless gating" : "posterior", servingChoice);
        report.putHyperparameters("mice_serving", form.name());
        return form == MiceServing.GATING ? gatingServing(preprocessor) : posteriorServing(preprocessor);
    }

    /** Logs and reports one form's scores on the labelled training images; its ACC, NaN when none is labelled. */
    private static double scoreForm(TrainingReport.Builder report, String key, String form, FitInput input, int[] labels) {
        LabeledImages images = input.images();
        int[] labelled = IntStream.range(0, images.size())
                .filter(images::isLabelled).toArray();
        if (labelled.length == 0) {
            return Double.NaN;
        }
        ClusteringScores scores = ClusteringMetrics.evaluate(
                IntStream.of(labelled).map(images::label).toArray(), IntStream.of(labelled).map(i -> labels[i]).toArray());
        LOG.info(String.format(Locale.ROOT, "MiCE %s on the training sample: ACC %.4f NMI %.4f ARI %.4f",
                form, scores.acc(), scores.nmi(), scores.ari()));
        report.putHyperparameters(key + "_acc", String.format(Locale.ROOT, "%.4f", scores.acc()))
                .putHyperparameters(key + "_nmi", String.format(Locale.ROOT, "%.4f", scores.nmi()))
                .putHyperparameters(key + "_ari", String.format(Locale.ROOT, "%.4f", scores.ari()));
        return scores.acc();
    }

    private Serving gatingServing(Preprocessor preprocessor) {
        ModelProto graph = ServingGraphExporter.export(encoder, gate, true, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        PrototypeHead.Builder head = PrototypeHead.newBuilder()
                .setTemperature((float) kappa)
                .setSimilarity(Similarity.SIMILARITY_COSINE);
        for (float w : omega.toFloatArray()) {
            head.addPrototypes(w);
        }
        return new Serving(graph, EMBEDDING_DIM, ClusteringHead.newBuilder().setPrototype(head).build());
    }

    private Serving posteriorServing(Preprocessor preprocessor) {
        ModelProto graph = ServingGraphExporter.exportMicePosterior(encoder, gate, experts, teacherEncoder, teacherExperts,
                clusters, preprocessor.channels(), preprocessor.height(), preprocessor.width());
        MicePosteriorHead.Builder head = MicePosteriorHead.newBuilder()
                .setKappa((float) kappa)
                .setTau((float) tau)
                .setGateDim(EMBEDDING_DIM)
                .setExpertDim(EMBEDDING_DIM)
                .setQueue(Artifact.newBuilder().setUri(QUEUE_FILE))
                .setQueueSize(queueSize);
        for (float w : omega.toFloatArray()) {
            head.addGatingPrototypes(w);
        }
        for (float m : mu.toFloatArray()) {
            head.addExpertPrototypes(m);
        }
        float[] keys = queue.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(keys.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(keys);
        return new Serving(graph, EMBEDDING_DIM + 2 * clusters * EMBEDDING_DIM,
                ClusteringHead.newBuilder().setMicePosterior(head).build(), Map.of(QUEUE_FILE, bytes.array()));
    }

    /** The labels of both forms from the last {@link #serving} call, or null before it. */
    TrainerLabels trainerLabels() {
        return trainerLabels;
    }

    /**
     * Both forms' labels: argmax_k ω_k·g and argmax r, with x1 = x2 = x3 = the un-augmented image, the frozen queue
     * (never written here), eval-mode BN.
     */
    TrainerLabels trainerLabels(FitInput input, Preprocessor preprocessor) {
        int n = input.images().size();
        int[] gating = new int[n];
        int[] posterior = new int[n];
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
                MiceObjective.Terms terms = MiceObjective.compute(f, g, v, omega, mu, queue, kappa, tau);
                System.arraycopy(argMax(terms.logPi()), 0, gating, start, end - start);
                System.arraycopy(argMax(terms.posterior()), 0, posterior, start, end - start);
            }
        }
        return new TrainerLabels(gating, posterior);
    }

    /** What the posterior serving graph computes for {@code images}: [g | f_1..f_K | v_1..v_K] per row, eval-mode BN. */
    NDArray servingEmbedding(ParameterStore store, NDArray images) {
        long n = images.getShape().get(0);
        NDArray g = gatingEmbedding(store, images, false);
        NDArray f = expertEmbeddings(encoder, experts, store, images, false).reshape(n, -1);
        NDArray v = expertEmbeddings(teacherEncoder, teacherExperts, store, images, false).reshape(n, -1);
        return g.concat(f, 1).concat(v, 1);
    }

    private static int[] argMax(NDArray scores) {
        return scores.argMax(1).toType(DataType.INT32, false).toIntArray();
    }

    private NDResource[] persistentForInference() {
        List<NDResource> arrays = new ArrayList<>(List.of(omega, mu, queue, keySums));
        for (Block block : blocks().values()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                arrays.add(p.getValue().getArray());
            }
        }
        return arrays.toArray(NDResource[]::new);
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("kappa", Double.toString(kappa), "tau", Double.toString(tau), "queue", Integer.toString(queueSize),
                "teacher_momentum", Double.toString(TEACHER_MOMENTUM), "embedding_dim", Integer.toString(EMBEDDING_DIM),
                "mice_serving_option", servingChoice.name());
    }
}
