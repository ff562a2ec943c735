package io.clusterstream.trainer.cli;

import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import io.clusterstream.trainer.method.Backbone;
import io.clusterstream.trainer.method.MethodSettings;
import io.clusterstream.trainer.method.cc.CcFitter;
import io.clusterstream.trainer.method.loss.MixemObjective;
import io.clusterstream.trainer.method.loss.TccObjective;
import io.clusterstream.trainer.method.mice.MiceFitter;
import io.clusterstream.trainer.method.mice.MiceServing;
import io.clusterstream.trainer.method.mixem.MixemFitter;
import io.clusterstream.trainer.method.tcc.TccFitter;
import io.clusterstream.trainer.method.simclr.SimClrKMeansFitter;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.Stem;
import io.clusterstream.trainer.train.LearningRateSchedule;
import io.clusterstream.trainer.train.ParameterUpdater;
import io.clusterstream.trainer.train.TrainingBudget;
import io.clusterstream.trainer.train.TrainingSettings;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The algorithm and its hyper-parameters: shared by {@code trainer train} and {@code trainer serve}. Options left
 * unset take the algorithm's CPU default (see the README's trainer section): the papers' values scaled down for a
 * 2-core machine where they would take days.
 */
public final class FitOptions {

    /** The algorithms this build can train. */
    public enum Algorithm { RAW_KMEANS, SIMCLR_KMEANS, CC, MICE, MIXEM, TCC }

    @Option(names = "--algorithm", defaultValue = "RAW_KMEANS",
            description = "Algorithm: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--clusters", defaultValue = "10", description = "Number of clusters K (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--pool", defaultValue = "4", description = "raw-kmeans: average-pooling factor before clustering (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--restarts", defaultValue = "10", description = "k-means restarts (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", description = "Learned methods: training epochs (default: 20).")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Learned methods: images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", description = "Learned methods: base learning rate (default: MICE 0.5 with SGD, CC, TCC and SIMCLR_KMEANS 3e-4 with Adam, MIXEM 1e-4 with Adam).")
    Double learningRate;

    @Option(names = "--weight-decay", description = "Learned methods: L2 weight decay (default: MICE 1e-4, MIXEM 1e-5, others 0).")
    Double weightDecay;

    @Option(names = "--momentum", defaultValue = "0.9", description = "MICE: SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--warmup-epochs", description = "MICE: linear learning-rate warm-up epochs (default: a tenth of --epochs, at most 10).")
    Integer warmupEpochs;

    @Option(names = "--milestones", split = ",", description = "MICE: epochs (from 0) after which the learning rate is multiplied by 0.1 (default: none).")
    List<Integer> milestones = List.of();

    @Option(names = "--depth", defaultValue = "18", description = "Learned methods: ResNet depth, 18 or 34 (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", defaultValue = "0.25", description = "Learned methods: ResNet width multiplier, 1.0 = 64..512 channels (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--stem", defaultValue = "CIFAR", description = "Learned methods: ResNet stem, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Stem stem;

    @Option(names = "--crop-min-scale", description = "Learned methods: smallest area fraction of the image the "
            + "augmentation's random resized crop keeps, in (0, 1] (default: the method's paper: MICE 0.2, others "
            + "0.08). On Fashion-MNIST CC reached at 0.5 in 4 CPU minutes what 0.08 took 2 CPU-hours for (README).")
    Double cropMinScale;

    @Option(names = "--queue", defaultValue = "4096", description = "MICE, TCC: teacher keys in the queue, ν (default: ${DEFAULT-VALUE}; the paper: 16384).")
    int queue;

    @Option(names = "--kappa", defaultValue = "1.0", description = "MICE: gating temperature κ (default: ${DEFAULT-VALUE}).")
    double kappa;

    @Option(names = "--tau", defaultValue = "1.0", description = "MICE: expert temperature τ (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--mice-serving", defaultValue = "BEST",
            description = "MICE: what the snapshot serves: GATING (stateless argmax ω·g), POSTERIOR (the full posterior "
                    + "with the frozen queue; the snapshot carries the teacher and the queue, ν·K·128·4 bytes) or BEST "
                    + "(the one with the higher ACC on the training sample's labelled images; POSTERIOR if none is "
                    + "labelled) (default: ${DEFAULT-VALUE}).")
    MiceServing miceServing;

    @Option(names = "--mixem-terms", split = ",", description = "MIXEM: loss terms to use, for ablations, from ${COMPLETION-CANDIDATES} (default: all).")
    Set<MixemObjective.Term> mixemTerms = java.util.EnumSet.allOf(MixemObjective.Term.class);

    @Option(names = "--tcc-terms", split = ",", defaultValue = "INSTANCE,CLUSTER,ENTROPY,KL",
            description = "TCC: loss terms trained, a subset of ${COMPLETION-CANDIDATES} for ablations (default: all; --queue sets its queue).")
    Set<TccObjective.Term> tccTerms;

    @Option(names = "--tcc-kl-weight", defaultValue = "" + TccObjective.DEFAULT_KL_WEIGHT,
            description = "TCC: weight β of the KL(q ‖ uniform) term, >= 0 (the reconstruction has 1; default: ${DEFAULT-VALUE}, see README).")
    double tccKlWeight;

    @Option(names = "--tcc-cluster-temperature", defaultValue = "" + TccObjective.DEFAULT_CLUSTER_TEMPERATURE,
            description = "TCC: temperature τ_c of the cluster contrast, > 0 (the reconstruction has 1; default: ${DEFAULT-VALUE}, see README).")
    double tccClusterTemperature;

    @Option(names = "--tcc-teacher-momentum", defaultValue = "" + TccFitter.DEFAULT_TEACHER_MOMENTUM,
            description = "TCC: momentum m of the EMA teacher whose keys the instance term scores, in [0, 1) (the "
                    + "reconstruction borrows MiCE's 0.999; default: ${DEFAULT-VALUE}, see README).")
    double tccTeacherMomentum;

    @Option(names = "--device", description = "Learned methods: cpu, gpu or gpu:N (default: the first GPU if any, else cpu).")
    String device;

    @Option(names = "--threads", defaultValue = "1", description = "Learned methods: augmentation threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--budget-minutes", description = "Learned methods: stop after the epoch during which this many minutes of training have passed.")
    Double budgetMinutes;

    @Option(names = "--budget-cpu-minutes", description = "Learned methods: stop after the epoch during which the trainer "
            + "process has used this many CPU minutes on training (all threads); fair between runs on a shared machine.")
    Double budgetCpuMinutes;

    @Option(names = "--loss-spike-tolerance", description = "Learned methods: an epoch whose mean loss is more than this "
            + "fraction above the best epoch's (from the second epoch on) rolls the run back to its best checkpoint at half "
            + "the learning rate, once; one more than half of it is not checkpointed, and a run ending there returns its "
            + "best checkpoint; 0: never (default: TCC " + TccFitter.DEFAULT_LOSS_SPIKE_TOLERANCE + ", others 0).")
    Double lossSpikeTolerance;

    @Option(names = "--resume", description = "Learned methods: continue from the newest checkpoint in the work folder.")
    boolean resume;

    public int clusters() {
        return clusters;
    }

    /** @throws IllegalArgumentException naming the option that is out of range */
    public ModelFitter fitter() {
        if (clusters < 1 || pool < 1 || restarts < 1) {
            throw new IllegalArgumentException("--clusters, --pool and --restarts must be at least 1");
        }
        return switch (algorithm) {
            case RAW_KMEANS -> new RawKMeansFitter(clusters, pool, restarts, seed);
            case SIMCLR_KMEANS -> new SimClrKMeansFitter(methodSettings(adam()), restarts);
            case CC -> new CcFitter(methodSettings(adam()));
            case MICE -> new MiceFitter(methodSettings(sgd()), queue, kappa, tau, miceServing);
            case MIXEM -> new MixemFitter(methodSettings(adam(1e-4, 1e-5)), restarts, mixemTerms);
            case TCC -> new TccFitter(methodSettings(adam().withLossSpikeTolerance(
                            lossSpikeTolerance(TccFitter.DEFAULT_LOSS_SPIKE_TOLERANCE))),
                    queue, tccTeacherMomentum, tccTerms, new TccObjective.Settings(tccClusterTemperature, tccKlWeight));
        };
    }

    private int epochs() {
        return epochs != null ? epochs : 20;
    }

    private MethodSettings methodSettings(TrainingSettings training) {
        if (depth != 18 && depth != 34) {
            throw new IllegalArgumentException("--depth must be 18 or 34, got " + depth);
        }
        if (!(width > 0)) {
            throw new IllegalArgumentException("--width must be positive, got " + width);
        }
        if (cropMinScale != null && !(cropMinScale > 0 && cropMinScale <= 1)) {
            throw new IllegalArgumentException("--crop-min-scale must be in (0, 1], got " + cropMinScale);
        }
        return new MethodSettings(clusters, new Backbone(depth, width, stem), training, Devices.select(device),
                cropMinScale == null ? OptionalDouble.empty() : OptionalDouble.of(cropMinScale));
    }

    private TrainingSettings adam() {
        return adam(3e-4, 0);
    }

    /** Adam with the algorithm's default learning rate and weight decay where the options leave them unset. */
    private TrainingSettings adam(double defaultRate, double defaultDecay) {
        LearningRateSchedule schedule = LearningRateSchedule.constant(positive("--lr", learningRate != null ? learningRate : defaultRate));
        return new TrainingSettings(epochs(), batchSize, schedule, ParameterUpdater.Rule.ADAM, 0,
                weightDecay != null ? weightDecay : defaultDecay, threads, seed, resume, budget(),
                lossSpikeTolerance(0));
    }

    private TrainingSettings sgd() {
        int warmup = warmupEpochs != null ? warmupEpochs : Math.min(10, epochs() / 10);
        LearningRateSchedule schedule = new LearningRateSchedule(positive("--lr", learningRate != null ? learningRate : 0.5),
                warmup, milestones.stream().mapToInt(Integer::intValue).toArray(), 0.1);
        return new TrainingSettings(epochs(), batchSize, schedule, ParameterUpdater.Rule.SGD, momentum,
                weightDecay != null ? weightDecay : 1e-4, threads, seed, resume, budget(),
                lossSpikeTolerance(0));
    }

    /** {@code --loss-spike-tolerance}, or the algorithm's default when it is not given. */
    private double lossSpikeTolerance(double algorithmDefault) {
        return lossSpikeTolerance != null ? lossSpikeTolerance : algorithmDefault;
    }

    private TrainingBudget budget() {
        if (budgetMinutes != null && budgetCpuMinutes != null) {
            throw new IllegalArgumentException("give --budget-minutes or --budget-cpu-minutes, not both");
        }
        if (budgetCpuMinutes != null) {
            return TrainingBudget.processCpu(minutes("--budget-cpu-minutes", budgetCpuMinutes));
        }
        return budgetMinutes == null ? null : TrainingBudget.wall(minutes("--budget-minutes", budgetMinutes));
    }

    private static java.time.Duration minutes(String option, double minutes) {
        return java.time.Duration.ofMillis(Math.round(positive(option, minutes) * 60_000));
    }

    private static double positive(String option, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
        return value;
    }
}
