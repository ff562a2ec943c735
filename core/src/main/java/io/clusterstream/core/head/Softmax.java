package io.clusterstream.core.head;

/** Numerically stable softmax (max subtracted before exponentiation). */
final class Softmax {

    static void inPlace(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
    }

    private Softmax() {}
}
