package io.clusterstream.trainer.method.loss;

import static io.clusterstream.trainer.method.loss.LossTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.clusterstream.trainer.method.loss.MixemObjective.Term;
import io.clusterstream.trainer.method.loss.MixemObjective.View;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixemObjectiveTest {

    private static final int C = 3;
    private static final int D = 4;

    /** The regularisers of one view in doubles, straight from the spec's formulas. */
    private static double[] reference(float[] z, float[] logits, int b) {
        double[][] pi = new double[b][C];
        int[] cluster = new int[b];
        for (int i = 0; i < b; i++) {
            double[] row = new double[C];
            for (int c = 0; c < C; c++) {
                row[c] = logits[i * C + c];
            }
            double norm = lse(row);
            for (int c = 0; c < C; c++) {
                pi[i][c] = Math.exp(row[c] - norm);
                if (pi[i][c] > pi[i][cluster[i]]) {
                    cluster[i] = c;
                }
            }
        }
        double negEntropy = 0;
        for (int c = 0; c < C; c++) {
            double mean = 0;
            for (int i = 0; i < b; i++) {
                mean += pi[i][c] / b;
            }
            negEntropy += mean * Math.log(mean);
        }
        double unconfidence = 0;
        for (int i = 0; i < b; i++) {
            double max = 0;
            for (int c = 0; c < C; c++) {
                max = Math.max(max, pi[i][c]);
            }
            unconfidence += (1 - max) / b;
        }
        // each cluster's members plus one appended zero vector
        double[][] means = new double[C][D];
        int[] counts = new int[C];
        for (int i = 0; i < b; i++) {
            counts[cluster[i]]++;
            for (int j = 0; j < D; j++) {
                means[cluster[i]][j] += z[i * D + j];
            }
        }
        double compactness = 0;
        for (int c = 0; c < C; c++) {
            for (int j = 0; j < D; j++) {
                means[c][j] /= counts[c] + 1;
            }
            double sum = distance(means[c], new double[D]);
            for (int i = 0; i < b; i++) {
                if (cluster[i] == c) {
                    double[] row = new double[D];
                    for (int j = 0; j < D; j++) {
                        row[j] = z[i * D + j];
                    }
                    sum += distance(row, means[c]);
                }
            }
            compactness += sum / (counts[c] + 1) / C;
        }
        double separation = 0;
        for (int c = 0; c < C; c++) {
            for (int d = 0; d < C; d++) {
                if (c != d) {
                    separation += distance(means[c], means[d]) / (C * (C - 1));
                }
            }
        }
        return new double[] {negEntropy, unconfidence, compactness, separation};
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(sum);
    }

    @Test
    void termsMatchTheSpecsFormulasWithFiniteGradients() {
        Random random = new Random(6);
        for (int b : new int[] {1, 2, 7}) {
            float[] z = random(random, b * D);
            float[] logits = random(random, b * C);
            double[] expected = reference(z, logits, b);
            try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray mixed = trainable(manager, z, b, D);
                NDArray gate = trainable(manager, logits, b, C);
                NDArray logPi = gate.logSoftmax(1);
                MixemObjective.Spread spread = MixemObjective.spread(mixed, logPi);
                assertEquals(expected[0], MixemObjective.negativeMarginalEntropy(logPi).getFloat(), 1e-5, "entropy, B=" + b);
                assertEquals(expected[1], MixemObjective.unconfidence(logPi).getFloat(), 1e-5, "1 - max pi, B=" + b);
                assertEquals(expected[2], spread.compactness().getFloat(), 1e-5, "compactness, B=" + b);
                assertEquals(expected[3], spread.separation().getFloat(), 1e-5, "separation, B=" + b);
                NDArray weighted = MixemObjective.regularisers(new View(mixed, logPi), MixemObjective.allTerms());
                assertEquals(2.0 * expected[0] + 0.1 * expected[1] + 0.1 * expected[2] - 0.05 * expected[3], weighted.getFloat(),
                        1e-5, "weighted sum, B=" + b);
                collector.backward(weighted);
                assertTrue(allFinite(mixed.getGradient()) && allFinite(gate.getGradient()), "B=" + b);
            }
        }
    }

    @Test
    void fullLossIsTwiceNtXentPlusBothViewsRegularisersAndStaysFiniteWhenAllPointsCoincide() {
        Random random = new Random(7);
        int b = 5;
        try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
            // every row identical and one cluster taking all: empty clusters, zero distances
            NDArray zi = trainable(manager, new float[b * D], b, D);
            NDArray zj = trainable(manager, random(random, b * D), b, D);
            NDArray gate = trainable(manager, new float[b * C], b, C);
            NDArray logPi = gate.logSoftmax(1);
            View i = new View(zi, logPi);
            View j = new View(zj, logPi);
            NDArray loss = MixemObjective.loss(i, j, MixemObjective.allTerms());
            double expected = 2 * NtXent.loss(zi, zj, 0.5).getFloat()
                    + MixemObjective.regularisers(i, MixemObjective.allTerms()).getFloat()
                    + MixemObjective.regularisers(j, MixemObjective.allTerms()).getFloat();
            assertEquals(expected, loss.getFloat(), 1e-5);
            collector.backward(loss);
            assertTrue(allFinite(zi.getGradient()) && allFinite(zj.getGradient()) && allFinite(gate.getGradient()));
        }
    }

    @Test
    void switchedOffTermsContributeNothing() {
        Random random = new Random(8);
        try (NDManager manager = manager()) {
            NDArray z = manager.create(random(random, 4 * D)).reshape(4, D);
            NDArray logPi = manager.create(random(random, 4 * C)).reshape(4, C).logSoftmax(1);
            View view = new View(z, logPi);
            assertEquals(2 * NtXent.loss(z, z, 0.5).getFloat(), MixemObjective.loss(view, view, EnumSet.of(Term.NTXENT)).getFloat(), 1e-6);
            assertEquals(2 * 2.0 * MixemObjective.negativeMarginalEntropy(logPi).getFloat(),
                    MixemObjective.loss(view, view, EnumSet.of(Term.ENTROPY)).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> MixemObjective.loss(view, view, EnumSet.noneOf(Term.class)));
        }
    }
}
