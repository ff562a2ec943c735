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

class ClusterContrastTest {

    static float[] softmaxRows(float[] logits, int rows, int k) {
        float[] p = new float[logits.length];
        for (int r = 0; r < rows; r++) {
            double[] row = new double[k];
            for (int j = 0; j < k; j++) {
                row[j] = logits[r * k + j];
            }
            double z = lse(row);
            for (int j = 0; j < k; j++) {
                p[r * k + j] = (float) Math.exp(row[j] - z);
            }
        }
        return p;
    }

    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    static double balanceReference(float[] p, int rows, int k) {
        double[] columns = new double[k];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                columns[j] += p[r * k + j];
                total += p[r * k + j];
            }
        }
        double sum = Math.log(k);
        for (double c : columns) {
            sum += (c / total) * Math.log(c / total);
        }
        return sum;
    }

    @Test
    void matchesTheDefinitionAndHasFiniteGradients() {
        Random random = new Random(3);
        int k = 4;
        for (int b : new int[] {1, 3, 9}) {
            float[] logitsA = random(random, b * k);
            float[] logitsB = random(random, b * k);
            float[] pa = softmaxRows(logitsA, b, k);
            float[] pb = softmaxRows(logitsB, b, k);
            double expected = NtXentTest.reference(transpose(pa, b, k), transpose(pb, b, k), k, b, 1.0)
                    + balanceReference(pa, b, k) + balanceReference(pb, b, k);
            try (NDManager manager = manager(); GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray la = trainable(manager, logitsA, b, k);
                NDArray lb = trainable(manager, logitsB, b, k);
                NDArray loss = ClusterContrast.loss(la.softmax(1), lb.softmax(1), ClusterContrast.TEMPERATURE);
                assertEquals(expected, loss.getFloat(), 1e-5, "B=" + b);
                collector.backward(loss);
                assertTrue(allFinite(la.getGradient()) && allFinite(lb.getGradient()), "B=" + b);
            }
        }
    }

    @Test
    void balanceIsZeroForEvenClustersAndLogKForACollapse() {
        try (NDManager manager = manager()) {
            NDArray even = manager.create(new float[] {1, 0, 0, 1}).reshape(2, 2);
            NDArray collapsed = manager.create(new float[] {1, 0, 1, 0}).reshape(2, 2);
            assertEquals(0, ClusterContrast.balance(even).getFloat(), 1e-6);
            assertEquals(Math.log(2), ClusterContrast.balance(collapsed).getFloat(), 1e-6);
        }
    }
}
