package io.clusterstream.trainer.method.tcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clusterstream.core.alignment.GateDecision;
import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.RealDataSets;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.trainer.eval.BatchAssigner;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import io.clusterstream.trainer.method.Backbone;
import io.clusterstream.trainer.method.MethodSettings;
import io.clusterstream.trainer.method.loss.TccObjective;
import io.clusterstream.trainer.method.loss.TccObjective.Term;
import io.clusterstream.trainer.nn.Stem;
import io.clusterstream.trainer.train.LearningRateSchedule;
import io.clusterstream.trainer.train.ParameterUpdater;
import io.clusterstream.trainer.train.TrainingLoop;
import io.clusterstream.trainer.train.TrainingSettings;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCC end to end on the first {@value #IMAGES} real CIFAR-10 images of the data set the build fetches (what {@code
 * trainer train --data cifar10 --limit 5000} reads), with the trainer's TCC defaults (batch 64, Adam 3e-4, queue
 * 4096) on a ResNet-18 CIFAR stem at width {@value #WIDTH}: the loss falls, the served clustering beats raw-pixel
 * k-means on the same images, passes the publishing quality gate, and its snapshot (an MLP head) is served by core's
 * ServingModel with the trainer's labels.
 *
 * <p>Not the 300-image fixture the other methods' tests use: there TCC is level with raw pixels over three seeds and
 * thirteen variants of the objective (bench/tcc-variants.sh, docs/benchmarks.md), one image being .0033 of ACC, so an
 * ACC assertion there would hold for a chosen seed only. At this size every run that trains through beats raw pixels.
 * Some runs jump or drift part-way to a worse state (one of them this test in a build, at epoch 13); the trainer's TCC
 * default loss-spike guard, used here too, rolls such a run back to its best checkpoint and, if it ends above its best,
 * returns that checkpoint's model.
 */
class TccIT {

    private static final int IMAGES = 5000;
    private static final int CLUSTERS = 10;
    private static final int EPOCHS = 18;
    private static final double WIDTH = 0.25;

    @TempDir
    Path temp;

    @Test
    void tccLearnsBeatsRawPixelsAndServesTheSameLabels() throws Exception {
        LabeledImages images = RealDataSets.cifar10Train().head(IMAGES);
        ModelRef model = ModelRef.newBuilder().setModelId("tcc").setVersion(1).build();
        FitInput input = new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), temp.resolve("work"));
        double floor = new RawKMeansFitter(CLUSTERS, 4, 10, 0).fit(input).scores().acc();

        TrainingSettings training = new TrainingSettings(EPOCHS, 64, LearningRateSchedule.constant(3e-4),
                ParameterUpdater.Rule.ADAM, 0, 0, 1, 0, false, null).withLossSpikeTolerance(TccFitter.DEFAULT_LOSS_SPIKE_TOLERANCE);
        TccFitter fitter = new TccFitter(new MethodSettings(CLUSTERS, new Backbone(18, WIDTH, Stem.CIFAR), training, Device.cpu()),
                4096, TccFitter.DEFAULT_TEACHER_MOMENTUM, EnumSet.allOf(Term.class), TccObjective.Settings.DEFAULTS);
        FittedModel fitted = fitter.fit(input);
        TrainingLoop.Run run = fitter.lastRun().orElseThrow();
        System.out.printf("raw k-means ACC %.4f, TCC ACC %.4f NMI %.4f, losses %s, roll-backs %d, returned epoch %d%n",
                floor, fitted.scores().acc(), fitted.scores().nmi(), run.epochLosses(), run.rollbacks(), run.returnedEpoch());
        // the first epoch's negatives are partly the queue's random start keys, which are easy; from the second on the
        // queue holds only real keys, so that is the epoch to compare with
        assertTrue(run.finalLoss() < run.epochLosses().get(1), "the loss falls: " + run.epochLosses());
        assertTrue(fitted.scores().acc() > floor, "ACC " + fitted.scores().acc() + " beats raw-pixel k-means " + floor);
        // at the reconstruction's τ_c = 1 and KL weight 1 the served argmax collapsed (TccObjective's deviations)
        GateDecision gate = QualityGate.defaults().evaluate(fitted.labels(), CLUSTERS, null, false);
        assertTrue(gate.accepted(), "publishable clustering: " + gate.reasons());

        Snapshot snapshot = new FileSnapshotStore(temp.resolve("store")).publish(fitted.draft());
        assertEquals(ClusteringHead.KindCase.MLP, snapshot.manifest().getHead().getKindCase());
        try (ServingModel serving = ServingModel.load(snapshot.manifest(), snapshot.encoder(), ServingOptions.DEFAULTS)) {
            assertArrayEquals(fitted.labels(), BatchAssigner.assignAll(serving, images, "serve"));
        }
    }
}
