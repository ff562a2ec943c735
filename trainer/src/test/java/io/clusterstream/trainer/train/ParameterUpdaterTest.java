package io.clusterstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update rules against PyTorch's formulas written out by hand for f(w) = Σ w² (gradient 2w). */
class ParameterUpdaterTest {

    private static final String ENGINE = "PyTorch";

    @Test
    void sgdWithMomentumAndWeightDecayFollowsTorchOptimSgd() {
        double w = 1.5;
        double buffer = 0;
        double[] expected = new double[3];
        for (int t = 0; t < 3; t++) {
            double g = 2 * w + 0.01 * w;
            buffer = 0.9 * buffer + g;
            w -= 0.1 * buffer;
            expected[t] = w;
        }
        assertSteps(ParameterUpdater.Rule.SGD, 0.9, 0.01, 0.1, expected);
    }

    @Test
    void adamFollowsTorchOptimAdam() {
        double w = 1.5;
        double m = 0;
        double v = 0;
        double[] expected = new double[3];
        for (int t = 1; t <= 3; t++) {
            double g = 2 * w;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            w -= 0.01 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
            expected[t - 1] = w;
        }
        assertSteps(ParameterUpdater.Rule.ADAM, 0, 0, 0.01, expected);
    }

    @Test
    void aStepWithANonFiniteGradientCanBeDiscardedLeavingTheParametersAndMomentsAlone() {
        try (NDManager manager = NDManager.newBaseManager(ENGINE)) {
            NDArray w = manager.create(new float[] {1.5f, -2f});
            w.setRequiresGradient(true);
            ParameterUpdater updater = new ParameterUpdater(ParameterUpdater.Rule.ADAM, 0, 0, Map.of("w", w), manager);
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                collector.backward(w.mul(Float.POSITIVE_INFINITY).sum());
            }
            assertFalse(updater.gradientsFinite());
            updater.discard();
            assertArrayEquals(new float[] {0, 0}, w.getGradient().toFloatArray(), "an infinite gradient is zeroed, not left NaN");
            assertArrayEquals(new float[] {1.5f, -2f}, w.toFloatArray());

            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                collector.backward(w.square().sum());
            }
            assertTrue(updater.gradientsFinite());
            updater.step(0.01);
            assertEquals(1.49f, w.getFloat(0), 1e-5f, "the next step is Adam's first, unaffected by the discarded one");
        }
    }

    private static void assertSteps(ParameterUpdater.Rule rule, double momentum, double decay, double rate, double[] expected) {
        try (NDManager manager = NDManager.newBaseManager(ENGINE)) {
            NDArray w = manager.create(new float[] {1.5f});
            w.setRequiresGradient(true);
            ParameterUpdater updater = new ParameterUpdater(rule, momentum, decay, Map.of("w", w), manager);
            for (double value : expected) {
                try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                    collector.backward(w.square().sum());
                }
                updater.step(rate);
                assertEquals(value, w.getFloat(0), 1e-5);
                assertEquals(0, w.getGradient().getFloat(0), 0, "the gradient is zeroed after the update");
            }
        }
    }
}
