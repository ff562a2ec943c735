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

class NtXentTest {

    /** The spec's definition computed in doubles: mean over the 2N rows of −log(exp(s_pair) / Σ_{v≠u} exp(s_uv)). */
    static double reference(float[] a, float[] b, int n, int dim, double tau) {
        float[] rows = new float[2 * n * dim];
        System.arraycopy(a, 0, rows, 0, n * dim);
        System.arraycopy(b, 0, rows, n * dim, n * dim);
        double total = 0;
        for (int u = 0; u < 2 * n; u++) {
            double[] others = new double[2 * n - 1];
            int o = 0;
            double positive = 0;
            for (int v = 0; v < 2 * n; v++) {
                if (v == u) {
                    continue;
                }
                double s = cosine(rows, u, v, dim) / tau;
                others[o++] = s;
                if (v == (u + n) % (2 * n)) {
                    positive = s;
                }
            }
            total += lse(others) - positive;
        }
        return total / (2 * n);
    }

    static double cosine(float[] rows, int u, int v, int dim) {
        return dot(rows, u * dim, rows, v * dim, dim)
                / Math.sqrt(dot(rows, u * dim, rows, u * dim, dim) * dot(rows, v * dim, rows, v * dim, dim));
    }

    @Test
    void matchesTheDefinitionAndHasFiniteGradients() {
        Random random = new Random(1);
        for (int n : new int[] {1, 2, 7}) {
            int dim = 5;
            float[] a = random(random, n * dim);
            float[] b = random(random, n * dim);
            try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray x = trainable(manager, a, n, dim);
                NDArray y = trainable(manager, b, n, dim);
                NDArray loss = NtXent.loss(x, y, 0.5);
                assertEquals(reference(a, b, n, dim, 0.5), loss.getFloat(), 1e-5, "N=" + n);
                collector.backward(loss);
                assertTrue(allFinite(x.getGradient()) && allFinite(y.getGradient()), "N=" + n);
            }
        }
    }

    @Test
    void identicalViewsOfDistinctItemsScoreLowerThanShuffledOnes() {
        Random random = new Random(2);
        float[] a = unitRows(random, 8, 16);
        float[] shuffled = unitRows(random, 8, 16);
        try (NDManager manager = manager()) {
            NDArray x = manager.create(a).reshape(8, 16);
            float aligned = NtXent.loss(x, x, 0.5).getFloat();
            float unrelated = NtXent.loss(x, manager.create(shuffled).reshape(8, 16), 0.5).getFloat();
            assertTrue(aligned < unrelated, aligned + " vs " + unrelated);
        }
    }
}
