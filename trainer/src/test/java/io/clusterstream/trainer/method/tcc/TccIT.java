package io.clusterstream.trainer.method.tcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.clusterstream.core.alignment.GateDecision;
import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
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
 * TCC end to end on the 300 real CIFAR-10 images of core's fixture: the loss falls, the served clustering is one the
 * publishing quality gate accepts (no cluster above half the images, at least half the clusters used), and the
 * snapshot (an MLP head) is served by core's ServingModel with the trainer's labels; the ACC is printed next to
 * raw-pixel k-means.
 */
class TccIT {

    private static final int CLUSTERS = 10;
    private static final int EPOCHS = 30;

    @TempDir
    Path temp;

    @Test
    void tccLearnsAndServesTheSameLabels() throws Exception {
        LabeledImages images = CifarFixture.load();
        ModelRef model = ModelRef.newBuilder().setModelId("tcc").setVersion(1).build();
        FitInput input = new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), temp.resolve("work"));
        double floor = new RawKMeansFitter(CLUSTERS, 4, 10, 0).fit(input).scores().acc();

        TrainingSettings training = new TrainingSettings(EPOCHS, 32, LearningRateSchedule.constant(3e-3),
                ParameterUpdater.Rule.ADAM, 0, 0, 1, 0, false, null);
        TccFitter fitter = new TccFitter(new MethodSettings(CLUSTERS, new Backbone(18, 0.125, Stem.CIFAR), training, Device.cpu()),
                256, EnumSet.allOf(Term.class), TccObjective.Settings.DEFAULTS);
        FittedModel fitted = fitter.fit(input);
        TrainingLoop.Run run = fitter.lastRun().orElseThrow();
        System.out.printf("raw k-means ACC %.4f, TCC ACC %.4f NMI %.4f, losses %s%n", floor, fitted.scores().acc(),
                fitted.scores().nmi(), run.epochLosses());
        // the first epoch's negatives are partly the queue's random start keys, which are easy; from the second on the
        // queue holds only real keys, so that is the epoch to compare with
        assertTrue(run.finalLoss() < run.epochLosses().get(1), "the loss falls: " + run.epochLosses());
        // at the reconstruction's τ_c = 1 and KL weight 1 the served argmax collapsed (TccObjective's deviations)
        GateDecision gate = QualityGate.defaults().evaluate(fitted.labels(), CLUSTERS, null, false);
        assertTrue(gate.accepted(), "publishable clustering: " + gate.reasons());
        // not asserted: at this scale TCC's ACC is level with raw-pixel k-means, not above it (.20–.24 over 3 seeds
        // against .2267, one libtorch thread), and so is k-means on its encoder's features (bench/tcc-variants.sh). On
        // 5,000 images (18 epochs, width 0.25) it beats them, but a 13-minute run of that in the build collapsed late
        // once, so it is a benchmark, not a test (docs/benchmarks.md, "TCC beats raw pixels at 5,000 images")

        Snapshot snapshot = new FileSnapshotStore(temp.resolve("store")).publish(fitted.draft());
        assertEquals(ClusteringHead.KindCase.MLP, snapshot.manifest().getHead().getKindCase());
        try (ServingModel serving = ServingModel.load(snapshot.manifest(), snapshot.encoder(), ServingOptions.DEFAULTS)) {
            assertArrayEquals(fitted.labels(), BatchAssigner.assignAll(serving, images, "serve"));
        }
    }
}
