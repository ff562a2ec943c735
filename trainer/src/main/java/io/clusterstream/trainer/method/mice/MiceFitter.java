package io.clusterstream.trainer.method.mice;

import ai.djl.ndarray.NDManager;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.LearnedMethod;
import io.clusterstream.trainer.method.MethodSettings;

/** MiCE; see {@link MiceModel}. */
public final class MiceFitter extends ContrastiveFitter {

    private final int queueSize;
    private final double kappa;
    private final double tau;
    private final MiceServing serving;
    private MiceModel lastModel;

    /**
     * @param queueSize ν, the number of teacher keys the queue holds per expert
     * @param serving   which inference form the snapshot serves
     */
    public MiceFitter(MethodSettings settings, int queueSize, double kappa, double tau, MiceServing serving) {
        super(settings);
        if (queueSize < 1 || !(kappa > 0) || !(tau > 0)) {
            throw new IllegalArgumentException("--queue must be at least 1 and --kappa, --tau positive");
        }
        if (settings.clusters() > MiceModel.EMBEDDING_DIM) {
            throw new IllegalArgumentException("MiCE's Max-Mahalanobis prototypes allow at most " + MiceModel.EMBEDDING_DIM + " clusters");
        }
        this.queueSize = queueSize;
        this.kappa = kappa;
        this.tau = tau;
        this.serving = java.util.Objects.requireNonNull(serving, "serving");
    }

    /** The last fit's labels of the training sample in both forms, computed by the trainer's blocks, for tests. */
    java.util.Optional<MiceModel.TrainerLabels> lastTrainerLabels() {
        return java.util.Optional.ofNullable(lastModel).map(MiceModel::trainerLabels);
    }

    @Override
    public String name() {
        return "MICE";
    }

    @Override
    protected LearnedMethod create(NDManager manager, int channels, int height, int width) {
        lastModel = new MiceModel(settings.backbone().build(channels), settings.backbone().build(channels), manager,
                settings.clusters(), queueSize, kappa, tau, serving, settings.training().batchSize(), channels, height, width);
        return lastModel;
    }

    @Override
    protected AugmentationPolicy policy(Preprocessing preprocessing) {
        return AugmentationPolicy.mice(preprocessing);
    }

    @Override
    protected Algorithm algorithm() {
        return Algorithm.ALGORITHM_MICE;
    }
}
