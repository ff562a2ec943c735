package io.clusterstream.core.head;

/** Small dense-vector helpers over float arrays, accumulating in double. */
final class Vectors {

    static double dot(float[] a, float[] b, int bOffset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (double) a[i] * b[bOffset + i];
        }
        return sum;
    }

    static double norm(float[] a, int offset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            double v = a[offset + i];
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    static void normalizeInPlace(float[] a, int offset, int length) {
        double norm = norm(a, offset, length);
        if (norm == 0) {
            return;
        }
        for (int i = 0; i < length; i++) {
            a[offset + i] = (float) (a[offset + i] / norm);
        }
    }

    static float[] floats(java.util.List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    static void checkLength(float[] feature, int dim) {
        if (feature.length != dim) {
            throw new IllegalArgumentException("feature has " + feature.length + " values, the head expects " + dim);
        }
    }

    private Vectors() {}
}
