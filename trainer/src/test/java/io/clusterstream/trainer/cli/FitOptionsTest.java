package io.clusterstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.trainer.augment.RandomResizedCrop;
import io.clusterstream.trainer.method.ContrastiveFitter;
import io.clusterstream.trainer.method.tcc.TccFitter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FitOptionsTest {

    @Test
    void tccGuardsAgainstLossSpikesByDefaultAndTheOtherMethodsDoNot() {
        assertEquals(TccFitter.DEFAULT_LOSS_SPIKE_TOLERANCE, spikeTolerance("--algorithm", "TCC"));
        assertEquals(0, spikeTolerance("--algorithm", "CC"));
        assertEquals(0, spikeTolerance("--algorithm", "MICE"));
        assertEquals(0.1, spikeTolerance("--algorithm", "MICE", "--loss-spike-tolerance", "0.1"));
        assertEquals(0, spikeTolerance("--algorithm", "TCC", "--loss-spike-tolerance", "0"));
    }

    @Test
    void aNegativeToleranceIsRefusedByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> spikeTolerance("--algorithm", "TCC", "--loss-spike-tolerance", "-0.5"));
        assertTrue(error.getMessage().contains("--loss-spike-tolerance"), error.getMessage());
    }

    private static double spikeTolerance(String... args) {
        FitOptions options = new FitOptions();
        new CommandLine(options).parseArgs(args);
        return ((ContrastiveFitter) options.fitter()).settings().training().lossSpikeTolerance();
    }

    @Test
    void aTeacherMomentumOutsideZeroToOneIsRefusedByName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> spikeTolerance("--algorithm", "TCC", "--tcc-teacher-momentum", "1"));
        assertTrue(error.getMessage().contains("--tcc-teacher-momentum"), error.getMessage());
    }

    @Test
    void theCropKeepsEachMethodsOwnScaleUnlessTheOptionSetsIt() {
        assertEquals(0.08, crop("--algorithm", "CC").minScale());
        assertEquals(0.2, crop("--algorithm", "MICE").minScale());
        RandomResizedCrop set = crop("--algorithm", "CC", "--crop-min-scale", "0.5");
        assertEquals(0.5, set.minScale());
        assertEquals(1.0, set.maxScale());
        assertEquals(3.0 / 4.0, set.minRatio());
        assertEquals(0.5, crop("--algorithm", "MIXEM", "--crop-min-scale", "0.5").minScale());
        assertEquals(0.5, crop("--algorithm", "TCC", "--crop-min-scale", "0.5").minScale());
    }

    @Test
    void aCropScaleOutsideZeroToOneIsRefusedByName() {
        for (String bad : new String[] {"0", "1.5", "-0.2"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> crop("--algorithm", "CC", "--crop-min-scale", bad));
            assertTrue(error.getMessage().contains("--crop-min-scale"), error.getMessage());
        }
    }

    private static RandomResizedCrop crop(String... args) {
        FitOptions options = new FitOptions();
        new CommandLine(options).parseArgs(args);
        return ((ContrastiveFitter) options.fitter()).augmentation(StandardPreprocessing.FASHION_MNIST).crop();
    }
}
