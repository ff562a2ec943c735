package io.clusterstream.trainer.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.trainer.eval.BatchAssigner;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import io.clusterstream.trainer.method.cc.CcFitter;
import io.clusterstream.trainer.method.mice.MiceFitter;
import io.clusterstream.trainer.method.mice.MiceServing;
import io.clusterstream.trainer.method.simclr.SimClrKMeansFitter;
import io.clusterstream.trainer.nn.Stem;
import io.clusterstream.trainer.train.LearningRateSchedule;
import io.clusterstream.trainer.train.ParameterUpdater;
import io.clusterstream.trainer.train.TrainingLoop;
import io.clusterstream.trainer.train.TrainingSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the 300 real CIFAR-10 images of core's fixture: SimCLR + k-means trains (the loss falls), clusters
 * better than k-means on raw pixels of the same images, publishes a snapshot that core's ServingModel serves with
 * the trainer's labels, and a later run resumes from the checkpoint instead of starting over.
 */
class LearnedMethodsIT {

    private static final int CLUSTERS = 10;
    /**
     * Measured on the reference machine (one libtorch thread, as the build runs tests): 40 epochs give ACC .2700 against
     * raw-pixel k-means .2267 (NMI .19); earlier, with two threads: 10 epochs tied (.2267), 30 gave .2467,
     * 40 gave .2433 (NMI .155 against raw's); a narrow backbone keeps the test near two minutes.
     */
    private static final int EPOCHS = 40;
    private static final double WIDTH = 0.125;
    private static final double LR = 3e-3;
    private static final int BATCH = 32;

    @TempDir
    Path temp;

    @Test
    void simclrKMeansLearnsServesAndResumes() throws Exception {
        LabeledImages images = CifarFixture.load();
        ModelRef model = ModelRef.newBuilder().setModelId("simclr").setVersion(1).build();
        FitInput input = new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), temp.resolve("work"));
        double floor = new RawKMeansFitter(CLUSTERS, 4, 10, 0).fit(input).scores().acc();

        SimClrKMeansFitter fitter = new SimClrKMeansFitter(settings(EPOCHS, false), 10);
        FittedModel fitted = fitter.fit(input);
        TrainingLoop.Run run = fitter.lastRun().orElseThrow();
        System.out.printf("raw k-means ACC %.4f, SimCLR+k-means ACC %.4f NMI %.4f, losses %s, sizes %s%n", floor, fitted.scores().acc(),
                fitted.scores().nmi(), run.epochLosses(), fitted.draft().manifest().getClustersList().stream().map(c -> c.getSize()).toList());
        assertTrue(run.finalLoss() < run.firstLoss(), "the loss falls: " + run.epochLosses());
        assertTrue(fitted.scores().acc() > floor, "ACC " + fitted.scores().acc() + " beats raw-pixel k-means " + floor);

        Snapshot snapshot = new FileSnapshotStore(temp.resolve("store")).publish(fitted.draft());
        assertTrue(snapshot.trainingWeights().isPresent(), "the snapshot carries the training weights");
        try (ServingModel serving = ServingModel.load(snapshot, ServingOptions.DEFAULTS)) {
            assertArrayEquals(fitted.labels(), BatchAssigner.assignAll(serving, images, "serve"));
        }

        SimClrKMeansFitter resumed = new SimClrKMeansFitter(settings(EPOCHS + 1, true), 10);
        resumed.fit(input);
        TrainingLoop.Run second = resumed.lastRun().orElseThrow();
        assertEquals(EPOCHS - 1, second.resumedAfterEpoch(), "resumed after the last checkpointed epoch");
        assertEquals(1, second.epochLosses().size(), "only the one missing epoch was trained");
    }

    /** A few steps of CC and MiCE on 64 images: finite losses, a servable snapshot, MiCE's posterior ACC reported. */
    @Test
    void ccAndMiceTrainAndPublishServableSnapshots() throws Exception {
        LabeledImages images = CifarFixture.load().head(64);
        FileSnapshotStore store = new FileSnapshotStore(temp.resolve("store"));
        TrainingSettings adam = new TrainingSettings(2, 32, LearningRateSchedule.constant(1e-3), ParameterUpdater.Rule.ADAM,
                0, 0, 1, 0, false, null);
        TrainingSettings sgd = new TrainingSettings(2, 32, new LearningRateSchedule(0.1, 1, new int[0], 0.1),
                ParameterUpdater.Rule.SGD, 0.9, 1e-4, 1, 0, false, null);
        for (ContrastiveFitter fitter : new ContrastiveFitter[] {
                new CcFitter(new MethodSettings(CLUSTERS, new Backbone(18, 0.125, Stem.CIFAR), adam, Device.cpu())),
                new MiceFitter(new MethodSettings(CLUSTERS, new Backbone(18, 0.125, Stem.CIFAR), sgd, Device.cpu()), 64, 1.0, 1.0,
                        MiceServing.GATING)}) {
            ModelRef model = ModelRef.newBuilder().setModelId(fitter.name().toLowerCase()).setVersion(1).build();
            FitInput input = new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), temp.resolve(fitter.name()));
            FittedModel fitted = fitter.fit(input);
            assertTrue(fitter.lastRun().orElseThrow().epochLosses().stream().allMatch(Double::isFinite), fitter.name());
            Snapshot snapshot = store.publish(fitted.draft());
            try (ServingModel serving = ServingModel.load(snapshot, ServingOptions.DEFAULTS)) {
                assertArrayEquals(fitted.labels(), BatchAssigner.assignAll(serving, images, "serve"), fitter.name());
            }
            if (fitter instanceof MiceFitter) {
                assertTrue(snapshot.manifest().getTraining().getHyperparametersMap().containsKey("posterior_acc"));
                assertEquals(io.clusterstream.schemas.v1.ClusteringHead.KindCase.PROTOTYPE, snapshot.manifest().getHead().getKindCase());
            }
        }
    }

    private static MethodSettings settings(int epochs, boolean resume) {
        TrainingSettings training = new TrainingSettings(epochs, BATCH, LearningRateSchedule.constant(LR),
                ParameterUpdater.Rule.ADAM, 0, 0, 1, 0, resume, null);
        return new MethodSettings(CLUSTERS, new Backbone(18, WIDTH, Stem.CIFAR), training, Device.cpu());
    }
}
