package io.clusterstream.trainer.method;

import ai.djl.ndarray.NDManager;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.augment.BatchPipeline;
import io.clusterstream.trainer.augment.RandomResizedCrop;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.GradMode;
import io.clusterstream.trainer.train.TrainingCheckpoint;
import io.clusterstream.trainer.train.TrainingLoop;
import io.clusterstream.trainer.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit every contrastive method shares: seed, build the model, warm-start it from the lineage's newest training
 * weights when they have the same architecture, train it ({@link TrainingLoop}, resumable), export it and assemble
 * the snapshot ({@link LearnedSnapshot}). Subclasses supply the model, its augmentation and its algorithm id.
 */
public abstract class ContrastiveFitter implements ModelFitter {

    private static final Logger LOG = LoggerFactory.getLogger(ContrastiveFitter.class);

    protected final MethodSettings settings;
    private TrainingLoop.Run lastRun;

    protected ContrastiveFitter(MethodSettings settings) {
        this.settings = settings;
    }

    /** Builds and initialises the method's blocks and state in {@code manager}. */
    protected abstract LearnedMethod create(NDManager manager, int channels, int height, int width);

    protected abstract AugmentationPolicy policy(Preprocessing preprocessing);

    /** The method's augmentation, its crop's smallest scale replaced when the settings give one. */
    public AugmentationPolicy augmentation(Preprocessing preprocessing) {
        AugmentationPolicy policy = policy(preprocessing);
        if (settings.cropMinScale().isEmpty()) {
            return policy;
        }
        double minScale = settings.cropMinScale().getAsDouble();
        RandomResizedCrop crop = policy.crop();
        return policy.withCrop(crop == null
                ? RandomResizedCrop.ofScale(minScale, 1.0)
                : new RandomResizedCrop(minScale, Math.max(minScale, crop.maxScale()), crop.minRatio(), crop.maxRatio()));
    }

    protected abstract Algorithm algorithm();

    public MethodSettings settings() {
        return settings;
    }

    /** The last fit's training run (epochs, losses), for tests and reports. */
    public Optional<TrainingLoop.Run> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    @Override
    public FittedModel fit(FitInput input) throws IOException {
        long started = System.currentTimeMillis();
        TrainingSettings training = settings.training();
        if (input.images().size() < training.batchSize()) {
            throw new IllegalArgumentException(name() + " needs at least one full batch: " + input.images().size()
                    + " images, batch size " + training.batchSize());
        }
        Preprocessor preprocessor = new Preprocessor(input.preprocessing());
        int c = preprocessor.channels();
        int h = preprocessor.height();
        int w = preprocessor.width();
        String architecture = String.format(Locale.ROOT, "%s/K%d", settings.backbone().describe(c), settings.clusters());
        TrainingLoop.seedEngine(training.seed());
        try (NDManager manager = NDManager.newBaseManager(settings.device(), Devices.ENGINE);
                GradMode ignored = GradMode.off()) {
            LearnedMethod method = create(manager, c, h, w);
            AugmentationPolicy augmentation = augmentation(input.preprocessing());
            warmStart(input.warmStart(), method, architecture, manager);
            try (BatchPipeline pipeline = BatchPipeline.builder(input.images(), augmentation)
                    .batchSize(training.batchSize())
                    .views(method.views())
                    .threads(training.threads())
                    .seed(training.seed())
                    .prefetch(2 * training.threads())
                    .build()) {
                lastRun = new TrainingLoop(training, new TrainingCheckpoint(input.workDir()), name(), architecture)
                        .run(method, pipeline, manager, c, h, w);
            }
            TrainingReport.Builder report = TrainingReport.newBuilder()
                    .setEpochs(lastRun.epochs())
                    .setFinalLoss(lastRun.finalLoss())
                    .setTrainingSeconds(lastRun.seconds())
                    .setTrainingCpuSeconds(lastRun.cpuSeconds())
                    .setImagesPerSecond(lastRun.imagesPerSecond())
                    .setBackbone(architecture)
                    .setDevice(settings.device().toString())
                    .setSeed(training.seed())
                    .putHyperparameters("batch_size", Integer.toString(training.batchSize()))
                    .putHyperparameters("optimiser", training.rule().name())
                    .putHyperparameters("lr", Double.toString(training.schedule().baseRate()))
                    .putHyperparameters("weight_decay", Double.toString(training.weightDecay()))
                    .putHyperparameters("crop_min_scale", augmentation.crop() == null ? "no crop"
                            : Double.toString(augmentation.crop().minScale()))
                    .putHyperparameters("discarded_steps", Long.toString(lastRun.discardedSteps()))
                    .putHyperparameters("loss_spike_tolerance", Double.toString(training.lossSpikeTolerance()))
                    .putHyperparameters("rollbacks", Integer.toString(lastRun.rollbacks()))
                    .putHyperparameters("returned_epoch", Integer.toString(lastRun.returnedEpoch()))
                    .putAllHyperparameters(method.hyperparameters());
            LearnedMethod.Serving serving = method.serving(input, preprocessor, report);
            byte[] weights = TrainingWeights.write(name(), architecture, method.blocks());
            report.setDurationMs(System.currentTimeMillis() - started);
            FittedModel fitted = LearnedSnapshot.assemble(new LearnedSnapshot.Parts(algorithm(), serving, weights, report),
                    input, settings.clusters(), training.threads());
            LOG.info(String.format(Locale.ROOT, "%s served labels on the training sample: ACC %.4f NMI %.4f ARI %.4f",
                    name(), fitted.scores().acc(), fitted.scores().nmi(), fitted.scores().ari()));
            return fitted;
        }
    }

    private void warmStart(Optional<Snapshot> parent, LearnedMethod method, String architecture, NDManager manager)
            throws IOException {
        Optional<Path> weights = parent.flatMap(Snapshot::trainingWeights);
        if (weights.isEmpty()) {
            return;
        }
        if (TrainingWeights.read(weights.get(), name(), architecture, method.blocks(), manager)) {
            LOG.info("warm start from {} v{}", parent.get().modelId(), parent.get().version());
        } else {
            LOG.info("not warm-starting: v{}'s training weights are of another algorithm or architecture", parent.get().version());
        }
    }
}
