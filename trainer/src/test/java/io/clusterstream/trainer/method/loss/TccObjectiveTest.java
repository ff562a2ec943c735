package io.clusterstream.trainer.method.loss;

import static io.clusterstream.trainer.method.loss.LossTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.clusterstream.trainer.method.loss.TccObjective.Term;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TccObjectiveTest {

    private static final int K = 3;
    private static final int D = 4;
    private static final int QUEUE = 5;

    /** Plain-double reference of every term, following shared/algorithms.md §3 literally. */
    static double[] reference(float[] q1Logits, float[] q2Logits, float[] z1, float[] z2, float[] keys, float[] queue,
            float[] g1, float[] g2, int b) {
        double[][] logQ1 = logSoftmax(q1Logits, b);
        double[][] logQ2 = logSoftmax(q2Logits, b);
        double[][] c1 = clusters(logQ1, g1, z1, b);
        double[][] c2 = clusters(logQ2, g2, z2, b);
        double cluster = (contrast(c1, c2) + contrast(c2, c1)) / 2;
        double instance = 0;
        double kl = 0;
        double[] mean = new double[K];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < K; k++) {
                double[] e = new double[D];
                for (int j = 0; j < D; j++) {
                    e[j] = z1[i * D + j] + c1[k][j];
                }
                e = unit(e);
                double[] logits = new double[QUEUE + 1];
                for (int j = 0; j < D; j++) {
                    logits[0] += e[j] * keys[i * D + j] / TccObjective.INSTANCE_TEMPERATURE;
                    for (int n = 0; n < QUEUE; n++) {
                        logits[n + 1] += e[j] * queue[n * D + j] / TccObjective.INSTANCE_TEMPERATURE;
                    }
                }
                double q = Math.exp(logQ1[i][k]);
                instance -= q * (logits[0] - lse(logits)) / b;
                kl += q * (logQ1[i][k] + Math.log(K)) / b;
                mean[k] += q / b;
            }
        }
        double entropy = Math.log(K);
        for (double p : mean) {
            entropy += p * Math.log(p);
        }
        return new double[] {instance, cluster, entropy, kl};
    }

    private static double[][] logSoftmax(float[] logits, int b) {
        double[][] out = new double[b][K];
        for (int i = 0; i < b; i++) {
            double[] row = new double[K];
            for (int k = 0; k < K; k++) {
                row[k] = logits[i * K + k];
            }
            double z = lse(row);
            for (int k = 0; k < K; k++) {
                out[i][k] = row[k] - z;
            }
        }
        return out;
    }

    private static double[][] clusters(double[][] logQ, float[] noise, float[] z, int b) {
        double[][] c = new double[K][D];
        for (int i = 0; i < b; i++) {
            double[] row = new double[K];
            for (int k = 0; k < K; k++) {
                row[k] = (logQ[i][k] + noise[i * K + k]) / TccObjective.GUMBEL_TEMPERATURE;
            }
            double norm = lse(row);
            for (int k = 0; k < K; k++) {
                double w = Math.exp(row[k] - norm);
                for (int j = 0; j < D; j++) {
                    c[k][j] += w * z[i * D + j];
                }
            }
        }
        for (int k = 0; k < K; k++) {
            c[k] = unit(c[k]);
        }
        return c;
    }

    private static double contrast(double[][] a, double[][] b) {
        double sum = 0;
        for (int k = 0; k < K; k++) {
            double[] logits = new double[K];
            for (int m = 0; m < K; m++) {
                for (int j = 0; j < D; j++) {
                    logits[m] += a[k][j] * b[m][j] / TccObjective.DEFAULT_CLUSTER_TEMPERATURE;
                }
            }
            sum += lse(logits) - logits[k];
        }
        return sum / K;
    }

    private static double[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] / norm;
        }
        return out;
    }

    @Test
    void everyTermMatchesTheReferenceAndHasFiniteGradients() {
        Random random = new Random(11);
        for (int b : new int[] {1, 2, 7}) {
            float[] q1 = random(random, b * K);
            float[] q2 = random(random, b * K);
            float[] z1 = unitRows(random, b, D);
            float[] z2 = unitRows(random, b, D);
            float[] keys = unitRows(random, b, D);
            float[] queue = unitRows(random, QUEUE, D);
            float[] g1 = random(random, b * K);
            float[] g2 = random(random, b * K);
            double[] expected = reference(q1, q2, z1, z2, keys, queue, g1, g2, b);
            try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray l1 = trainable(manager, q1, b, K);
                NDArray l2 = trainable(manager, q2, b, K);
                NDArray e1 = trainable(manager, z1, b, D);
                NDArray e2 = trainable(manager, z2, b, D);
                TccObjective.Terms terms = TccObjective.compute(new TccObjective.Batch(l1.logSoftmax(1), l2.logSoftmax(1), e1, e2,
                        manager.create(keys).reshape(b, D), manager.create(queue).reshape(QUEUE, D),
                        manager.create(g1).reshape(b, K), manager.create(g2).reshape(b, K)), EnumSet.allOf(Term.class), TccObjective.Settings.DEFAULTS);
                assertEquals(expected[0], terms.instance().getFloat(), 1e-5, "instance B=" + b);
                assertEquals(expected[1], terms.cluster().getFloat(), 1e-5, "cluster B=" + b);
                assertEquals(expected[2], terms.entropy().getFloat(), 1e-5, "entropy B=" + b);
                assertEquals(expected[3], terms.kl().getFloat(), 1e-5, "kl B=" + b);
                assertEquals(expected[0] + expected[1] + expected[2] + TccObjective.DEFAULT_KL_WEIGHT * expected[3],
                        terms.total().getFloat(), 1e-4, "B=" + b);
                collector.backward(terms.total());
                for (NDArray input : new NDArray[] {l1, l2, e1, e2}) {
                    assertTrue(allFinite(input.getGradient()), "B=" + b);
                }
            }
        }
    }

    @Test
    void aSwitchedOffTermLeavesTheTotal() {
        Random random = new Random(5);
        int b = 4;
        try (NDManager manager = manager()) {
            TccObjective.Batch batch = new TccObjective.Batch(
                    manager.create(random(random, b * K)).reshape(b, K).logSoftmax(1),
                    manager.create(random(random, b * K)).reshape(b, K).logSoftmax(1),
                    manager.create(unitRows(random, b, D)).reshape(b, D), manager.create(unitRows(random, b, D)).reshape(b, D),
                    manager.create(unitRows(random, b, D)).reshape(b, D), manager.create(unitRows(random, QUEUE, D)).reshape(QUEUE, D),
                    TccObjective.gumbelNoise(manager, new Random(1), b, K), TccObjective.gumbelNoise(manager, new Random(2), b, K));
            TccObjective.Terms terms = TccObjective.compute(batch, EnumSet.of(Term.CLUSTER, Term.KL), withKlWeight(1.0));
            assertEquals(terms.cluster().getFloat() + terms.kl().getFloat(), terms.total().getFloat(), 1e-5);
            TccObjective.Terms weighted = TccObjective.compute(batch, EnumSet.of(Term.CLUSTER, Term.KL), withKlWeight(0.25));
            assertEquals(terms.kl().getFloat(), weighted.kl().getFloat(), 1e-6, "the reported KL is unweighted");
            assertEquals(terms.cluster().getFloat() + 0.25f * terms.kl().getFloat(), weighted.total().getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> TccObjective.compute(batch, EnumSet.noneOf(Term.class), TccObjective.Settings.DEFAULTS));
            assertThrows(IllegalArgumentException.class, () -> withKlWeight(-0.5));
            assertThrows(IllegalArgumentException.class, () -> withKlWeight(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> new TccObjective.Settings(0, 0.1));
        }
    }

    @Test
    void anEmptyClusterGivesFiniteLossAndGradients() {
        int b = 3;
        // assignments certain of cluster 0, so the Gumbel weights of clusters 1 and 2 underflow to zero
        float[] logits = {0, -200, -200, 0, -200, -200, 0, -200, -200};
        Random random = new Random(8);
        try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
            NDArray l1 = trainable(manager, logits, b, K);
            NDArray z = trainable(manager, unitRows(random, b, D), b, D);
            NDArray zero = manager.zeros(new ai.djl.ndarray.types.Shape(b, K));
            TccObjective.Terms terms = TccObjective.compute(new TccObjective.Batch(l1.logSoftmax(1), l1.logSoftmax(1), z, z,
                    manager.create(unitRows(random, b, D)).reshape(b, D), manager.create(unitRows(random, QUEUE, D)).reshape(QUEUE, D),
                    zero, zero), EnumSet.allOf(Term.class), TccObjective.Settings.DEFAULTS);
            assertTrue(Float.isFinite(terms.total().getFloat()));
            collector.backward(terms.total());
            assertTrue(allFinite(l1.getGradient()) && allFinite(z.getGradient()));
        }
    }

    @Test
    void gumbelNoiseIsDeterministicUnderASeed() {
        try (NDManager manager = manager()) {
            float[] a = TccObjective.gumbelNoise(manager, new Random(42), 4, K).toFloatArray();
            float[] b = TccObjective.gumbelNoise(manager, new Random(42), 4, K).toFloatArray();
            assertTrue(java.util.Arrays.equals(a, b));
            assertTrue(allFinite(manager.create(a)));
        }
    }

    private static TccObjective.Settings withKlWeight(double weight) {
        return new TccObjective.Settings(TccObjective.DEFAULT_CLUSTER_TEMPERATURE, weight);
    }
}
