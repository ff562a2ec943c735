package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Random inputs as floats, the same values widened to doubles for the plain-Java references. */
final class LossTestSupport {

    static final String ENGINE = "PyTorch";

    static NDManager manager() {
        return NDManager.newBaseManager(ENGINE);
    }

    static float[] random(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Random rows of unit length (the last dimension is the row). */
    static float[] unitRows(Random random, int rows, int dim) {
        float[] values = random(random, rows * dim);
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += values[r * dim + j] * values[r * dim + j];
            }
            for (int j = 0; j < dim; j++) {
                values[r * dim + j] /= (float) Math.sqrt(norm);
            }
        }
        return values;
    }

    static NDArray trainable(NDManager manager, float[] values, long... shape) {
        NDArray array = manager.create(values, new Shape(shape));
        array.setRequiresGradient(true);
        return array;
    }

    static double lse(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    static double dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            sum += (double) a[aOffset + j] * b[bOffset + j];
        }
        return sum;
    }

    static boolean allFinite(NDArray array) {
        for (float v : array.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private LossTestSupport() {}
}
