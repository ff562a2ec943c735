package io.clusterstream.trainer.method.tcc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.method.BatchNormRecalibration;
import io.clusterstream.trainer.method.Blocks;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MomentumKeys;
import io.clusterstream.trainer.method.cc.CcModel;
import io.clusterstream.trainer.method.loss.TccObjective;
import io.clusterstream.trainer.method.loss.TccObjective.Term;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * TCC, a RECONSTRUCTION of shared/algorithms.md §3 from the paper's abstract (no public code exists): an instance head
 * z = l2n(MLP(h)) (128-d), an assignment head q = softmax(MLP(h)), an EMA teacher of encoder + instance head
 * (momentum m, {@link TccFitter#DEFAULT_TEACHER_MOMENTUM}) whose keys of view 2 are the positives and fill a FIFO queue
 * (ν × 128, U(±√(3/128)) at start),
 * and {@link TccObjective}'s switchable terms. The Gumbel noise comes from a {@link Random} seeded with the run's seed,
 * so runs are deterministic. Served as CC is: encoder without L2 norm, the assignment head's Linear layers as the
 * manifest's MLP head (argmax, confidence max softmax), stateless.
 */
final class TccModel implements LearnedMethod {

    static final int EMBEDDING_DIM = 128;
    private static final double NORM_EPSILON = 1e-12;

    private final ResNetEncoder encoder;
    private final Projection instanceHead;
    private final Projection assignmentHead;
    private final ResNetEncoder teacherEncoder;
    private final Projection teacherHead;
    private final NDManager manager;
    private final int queueSize;
    private final double teacherMomentum;
    private final Set<Term> terms;
    private final TccObjective.Settings objective;
    private final Random noise;
    private final NDArray queue;
    private long queuePointer;
    private NDArray lastKeys;
    private final Map<Term, Float> lastTerms = new LinkedHashMap<>();

    TccModel(ResNetEncoder encoder, ResNetEncoder teacherEncoder, NDManager manager, int clusters, int queueSize,
            double teacherMomentum, Set<Term> terms, TccObjective.Settings objective, long seed, long... inputShape) {
        this.encoder = encoder;
        this.teacherEncoder = teacherEncoder;
        this.manager = manager;
        this.queueSize = queueSize;
        this.teacherMomentum = teacherMomentum;
        this.terms = Set.copyOf(terms);
        this.objective = objective;
        this.noise = new Random(seed);
        int h = encoder.featureDim();
        this.instanceHead = Projection.of(h, h, EMBEDDING_DIM);
        this.assignmentHead = Projection.of(h, h, clusters);
        this.teacherHead = Projection.of(h, h, EMBEDDING_DIM);
        Blocks.initialize(encoder, manager, inputShape);
        Blocks.initialize(teacherEncoder, manager, inputShape);
        for (Projection head : new Projection[] {instanceHead, assignmentHead, teacherHead}) {
            Blocks.initialize(head, manager, inputShape[0], h);
        }
        teacherEncoder.freezeParameters(true);
        teacherHead.freezeParameters(true);
        Blocks.copyParameters(encoder, teacherEncoder);
        Blocks.copyParameters(instanceHead, teacherHead);
        double bound = Math.sqrt(3.0 / EMBEDDING_DIM);
        this.queue = manager.randomUniform((float) -bound, (float) bound, new Shape(queueSize, EMBEDDING_DIM));
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
        blocks.put("assignment_head", assignmentHead);
        blocks.put("teacher_encoder", teacherEncoder);
        blocks.put("teacher_head", teacherHead);
        return blocks;
    }

    @Override
    public NDList state() {
        return new NDList(queue);
    }

    @Override
    public NDArray loss(ParameterStore store, NDList views) {
        NDArray h1 = Blocks.forward(encoder, store, views.get(0), true);
        NDArray h2 = Blocks.forward(encoder, store, views.get(1), true);
        NDArray z1 = Blocks.forward(instanceHead, store, h1, true).normalize(2, 1, NORM_EPSILON);
        NDArray z2 = Blocks.forward(instanceHead, store, h2, true).normalize(2, 1, NORM_EPSILON);
        NDArray logQ1 = Blocks.forward(assignmentHead, store, h1, true).logSoftmax(1);
        NDArray logQ2 = Blocks.forward(assignmentHead, store, h2, true).logSoftmax(1);
        NDArray keys = Blocks.forward(teacherHead, store, Blocks.forward(teacherEncoder, store, views.get(1), true), true)
                .normalize(2, 1, NORM_EPSILON).stopGradient();
        int b = Math.toIntExact(logQ1.getShape().get(0));
        int k = Math.toIntExact(logQ1.getShape().get(1));
        NDManager batch = logQ1.getManager();
        TccObjective.Terms values = TccObjective.compute(new TccObjective.Batch(logQ1, logQ2, z1, z2, keys, queue,
                TccObjective.gumbelNoise(batch, noise, b, k), TccObjective.gumbelNoise(batch, noise, b, k)), terms, objective);
        lastKeys = keys;
        lastTerms.put(Term.INSTANCE, values.instance().getFloat());
        lastTerms.put(Term.CLUSTER, values.cluster().getFloat());
        lastTerms.put(Term.ENTROPY, values.entropy().getFloat());
        lastTerms.put(Term.KL, values.kl().getFloat());
        return values.total();
    }

    @Override
    public void afterUpdate(ParameterStore store, NDList views) {
        MomentumKeys.updateTeacher(encoder, teacherEncoder, teacherMomentum);
        MomentumKeys.updateTeacher(instanceHead, teacherHead, teacherMomentum);
        queuePointer = MomentumKeys.enqueue(queue, queuePointer, lastKeys);
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("queue_pointer", queuePointer);
    }

    @Override
    public void restoreCounters(Map<String, Long> counters) {
        queuePointer = counters.getOrDefault("queue_pointer", 0L);
    }

    @Override
    public Serving serving(FitInput input, Preprocessor preprocessor, TrainingReport.Builder report) {
        lastTerms.forEach((term, value) -> report.putHyperparameters("last_batch_loss_" + term.name().toLowerCase(Locale.ROOT),
                String.format(Locale.ROOT, "%.4f", value)));
        BatchNormRecalibration.recalibrate(encoder, manager, input.images(), preprocessor);
        ModelProto graph = ServingGraphExporter.export(encoder, null, false, preprocessor.channels(), preprocessor.height(),
                preprocessor.width());
        return new Serving(graph, encoder.featureDim(), ClusteringHead.newBuilder().setMlp(CcModel.mlpHead(assignmentHead)).build());
    }

    @Override
    public Map<String, String> hyperparameters() {
        return Map.of("terms", terms.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted().reduce((a, c) -> a + "," + c).orElse(""),
                "kl_weight", Double.toString(objective.klWeight()),
                "queue", Integer.toString(queueSize), "teacher_momentum", Double.toString(teacherMomentum),
                "embedding_dim", Integer.toString(EMBEDDING_DIM),
                "gumbel_temperature", Double.toString(TccObjective.GUMBEL_TEMPERATURE),
                "cluster_temperature", Double.toString(objective.clusterTemperature()),
                "instance_temperature", Double.toString(TccObjective.INSTANCE_TEMPERATURE));
    }
}
