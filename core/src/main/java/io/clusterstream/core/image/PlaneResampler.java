package io.clusterstream.core.image;

import java.util.Arrays;

/**
 * Resizes one 8-bit plane into floats, shared by {@link ImageOps#resize} (which rounds back to bytes) and
 * {@link Preprocessor} (which keeps the floats, so the tensor is not quantised twice).
 *
 * <p>Bilinear interpolation samples at pixel centres: output pixel {@code d} reads the input at
 * {@code (d + 0.5) * in / out - 0.5}, clamped to the image, exactly as PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} without antialiasing. Bilinear alone only ever looks at the 2x2 input pixels nearest each
 * sample point, so when shrinking by more than 2x it skips most of the input and aliases (fine stripes turn into
 * moiré, noise survives at full strength). In a dimension shrunk by more than 2x, the input is therefore first
 * averaged over boxes of the integer factor {@code floor(in / out)}, and bilinear interpolation then runs on the
 * averaged image, measured in source pixels divided by the factor. A box at the right or bottom edge that the factor
 * does not divide evenly averages the pixels it has.
 */
final class PlaneResampler {

    private PlaneResampler() {}

    /**
     * Resizes the plane of {@code srcWidth * srcHeight} bytes starting at {@code srcOffset} and writes
     * {@code dstWidth * dstHeight} floats in 0..255 from {@code dstOffset}.
     */
    static void resample(byte[] src, int srcOffset, int srcWidth, int srcHeight,
                         float[] dst, int dstOffset, int dstWidth, int dstHeight) {
        if (srcWidth == dstWidth && srcHeight == dstHeight) {
            for (int i = 0, n = srcWidth * srcHeight; i < n; i++) {
                dst[dstOffset + i] = src[srcOffset + i] & 0xFF;
            }
            return;
        }
        int factorX = boxFactor(srcWidth, dstWidth);
        int factorY = boxFactor(srcHeight, dstHeight);
        int boxedWidth = ceilDiv(srcWidth, factorX);
        int boxedHeight = ceilDiv(srcHeight, factorY);
        float[] boxed = boxAverage(src, srcOffset, srcWidth, srcHeight, factorX, factorY, boxedWidth, boxedHeight);

        Taps columns = Taps.of((double) srcWidth / factorX, boxedWidth, dstWidth);
        Taps rows = Taps.of((double) srcHeight / factorY, boxedHeight, dstHeight);
        for (int y = 0; y < dstHeight; y++) {
            int row0 = rows.first[y] * boxedWidth;
            int row1 = rows.second[y] * boxedWidth;
            double wy = rows.weight[y];
            int out = dstOffset + y * dstWidth;
            for (int x = 0; x < dstWidth; x++) {
                int c0 = columns.first[x];
                int c1 = columns.second[x];
                double wx = columns.weight[x];
                double top = boxed[row0 + c0] + wx * (boxed[row0 + c1] - boxed[row0 + c0]);
                double bottom = boxed[row1 + c0] + wx * (boxed[row1 + c1] - boxed[row1 + c0]);
                dst[out + x] = (float) (top + wy * (bottom - top));
            }
        }
    }

    private static int boxFactor(int in, int out) {
        return in > 2 * out ? in / out : 1;
    }

    private static float[] boxAverage(byte[] src, int srcOffset, int srcWidth, int srcHeight,
                                      int factorX, int factorY, int boxedWidth, int boxedHeight) {
        float[] boxed = new float[boxedWidth * boxedHeight];
        long[] sums = new long[boxedWidth];
        for (int by = 0; by < boxedHeight; by++) {
            Arrays.fill(sums, 0L);
            int y0 = by * factorY;
            int y1 = Math.min(y0 + factorY, srcHeight);
            for (int y = y0; y < y1; y++) {
                int row = srcOffset + y * srcWidth;
                int x = 0;
                for (int bx = 0; bx < boxedWidth; bx++) {
                    int end = Math.min(x + factorX, srcWidth);
                    long sum = 0;
                    for (; x < end; x++) {
                        sum += src[row + x] & 0xFF;
                    }
                    sums[bx] += sum;
                }
            }
            for (int bx = 0; bx < boxedWidth; bx++) {
                int boxWidth = Math.min((bx + 1) * factorX, srcWidth) - bx * factorX;
                boxed[by * boxedWidth + bx] = (float) ((double) sums[bx] / ((long) boxWidth * (y1 - y0)));
            }
        }
        return boxed;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** For each output index along one axis: the two input indices it blends and the weight of the second. */
    private record Taps(int[] first, int[] second, double[] weight) {

        /**
         * @param extent the input's length in its own pixel units (fractional when a box factor leaves a remainder)
         * @param count  how many input pixels exist along the axis
         * @param out    the output length
         */
        static Taps of(double extent, int count, int out) {
            int[] first = new int[out];
            int[] second = new int[out];
            double[] weight = new double[out];
            double scale = extent / out;
            for (int d = 0; d < out; d++) {
                double source = Math.max((d + 0.5) * scale - 0.5, 0.0);
                int i0 = Math.min((int) source, count - 1);
                first[d] = i0;
                second[d] = Math.min(i0 + 1, count - 1);
                weight[d] = source - i0;
            }
            return new Taps(first, second, weight);
        }
    }
}
