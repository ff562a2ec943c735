package io.clusterstream.trainer.method.loss;

import static io.clusterstream.trainer.method.loss.LossTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MiceObjectiveTest {

    private static final int K = 3;
    private static final int D = 4;
    private static final int QUEUE = 5;
    private static final double KAPPA = 0.7;
    private static final double TAU = 0.9;

    /** log π, log φ, posterior and loss of the spec, in doubles, straight from its formulas. */
    private record Reference(double[][] logPi, double[][] logPhi, double[][] posterior, double loss) {

        static Reference of(float[] f, float[] g, float[] v, float[] omega, float[] mu, float[] queue, int b) {
            double[][] logPi = new double[b][K];
            double[][] logPhi = new double[b][K];
            double[][] posterior = new double[b][K];
            float[] muHat = new float[K * D];
            for (int k = 0; k < K; k++) {
                double norm = Math.sqrt(dot(mu, k * D, mu, k * D, D));
                for (int j = 0; j < D; j++) {
                    muHat[k * D + j] = (float) (mu[k * D + j] / norm);
                }
            }
            double elbo = 0;
            for (int i = 0; i < b; i++) {
                double[] gate = new double[K];
                for (int k = 0; k < K; k++) {
                    gate[k] = dot(omega, k * D, g, i * D, D) / KAPPA;
                }
                double gateNorm = lse(gate);
                double[] joint = new double[K];
                for (int k = 0; k < K; k++) {
                    logPi[i][k] = gate[k] - gateNorm;
                    double[] e = new double[D];
                    for (int j = 0; j < D; j++) {
                        e[j] = (double) f[(i * K + k) * D + j] + muHat[k * D + j];
                    }
                    double[] logits = new double[1 + QUEUE];
                    for (int j = 0; j < D; j++) {
                        logits[0] += e[j] * v[(i * K + k) * D + j] / TAU;
                    }
                    for (int q = 0; q < QUEUE; q++) {
                        for (int j = 0; j < D; j++) {
                            logits[1 + q] += e[j] * queue[(q * K + k) * D + j] / TAU;
                        }
                    }
                    logPhi[i][k] = logits[0] - lse(logits);
                    joint[k] = logPi[i][k] + logPhi[i][k];
                }
                double evidence = lse(joint);
                double expectation = 0;
                for (int k = 0; k < K; k++) {
                    posterior[i][k] = Math.exp(joint[k] - evidence);
                    expectation += posterior[i][k] * (joint[k] - Math.log(posterior[i][k]));
                }
                elbo += expectation;
            }
            return new Reference(logPi, logPhi, posterior, -elbo / b);
        }
    }

    @Test
    void matchesTheSpecsFormulasAndHasFiniteGradients() {
        Random random = new Random(4);
        for (int b : new int[] {1, 2, 6}) {
            float[] f = unitRows(random, b * K, D);
            float[] g = unitRows(random, b, D);
            float[] v = unitRows(random, b * K, D);
            float[] omega = unitRows(random, K, D);
            float[] mu = random(random, K * D);
            float[] queue = random(random, QUEUE * K * D);
            Reference expected = Reference.of(f, g, v, omega, mu, queue, b);
            try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray experts = trainable(manager, f, b, K, D);
                NDArray gating = trainable(manager, g, b, D);
                NDArray prototypes = trainable(manager, mu, K, D);
                MiceObjective.Terms terms = MiceObjective.compute(experts, gating, manager.create(v).reshape(b, K, D),
                        manager.create(omega).reshape(K, D), prototypes, manager.create(queue).reshape(QUEUE, K, D), KAPPA, TAU);
                assertMatrix(expected.logPi(), terms.logPi(), "log pi, B=" + b);
                assertMatrix(expected.logPhi(), terms.logPhi(), "log phi, B=" + b);
                assertMatrix(expected.posterior(), terms.posterior(), "posterior, B=" + b);
                assertEquals(expected.loss(), terms.loss().getFloat(), 1e-5, "loss, B=" + b);
                collector.backward(terms.loss());
                assertTrue(allFinite(experts.getGradient()) && allFinite(gating.getGradient())
                        && allFinite(prototypes.getGradient()), "B=" + b);
            }
        }
    }

    private static void assertMatrix(double[][] expected, NDArray actual, String what) {
        float[] values = actual.toFloatArray();
        assertEquals(expected.length * K, values.length, what);
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < K; k++) {
                assertEquals(expected[i][k], values[i * K + k], 1e-5, what + " [" + i + "," + k + "]");
            }
        }
    }
}
