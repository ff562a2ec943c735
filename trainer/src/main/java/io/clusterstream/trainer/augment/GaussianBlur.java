package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * With probability {@code probability}, blurs the view with a separable Gaussian of odd size {@code kernelSize} and
 * a standard deviation drawn uniformly from {@code [sigmaMin, sigmaMax]}, reflecting at the borders (torchvision's
 * GaussianBlur). MIX'EM's kernel is {@code int(0.1 * size)} made odd: see {@link #kernelFor(int)}.
 */
public record GaussianBlur(double probability, double sigmaMin, double sigmaMax, int kernelSize)
        implements AugmentationStep {

    public GaussianBlur {
        Probabilities.check("blur probability", probability);
        if (!(sigmaMin > 0 && sigmaMax >= sigmaMin && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException(
                    "blur sigma range must satisfy 0 < min <= max, got [" + sigmaMin + ", " + sigmaMax + "]");
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("blur kernel size must be odd and positive, got " + kernelSize);
        }
    }

    /** {@code int(0.1 * size)}, plus one when even (so at least 1). */
    public static int kernelFor(int size) {
        int kernel = (int) (0.1 * size);
        return kernel % 2 == 0 ? kernel + 1 : kernel;
    }

    @Override
    public void apply(ViewCanvas canvas, RandomGenerator random) {
        if (!Probabilities.happens(probability, random)) {
            return;
        }
        double sigma = Probabilities.uniform(sigmaMin, sigmaMax, random);
        int radius = kernelSize / 2;
        if (radius == 0) {
            return;
        }
        float[] kernel = kernel(radius, sigma);
        int width = canvas.width();
        int height = canvas.height();
        float[] scratch = canvas.scratch(canvas.plane());
        float[] data = canvas.data();
        for (int c = 0; c < canvas.channels(); c++) {
            int start = canvas.offset() + c * canvas.plane();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float sum = 0f;
                    for (int k = -radius; k <= radius; k++) {
                        sum += kernel[k + radius] * data[start + y * width + reflect(x + k, width)];
                    }
                    scratch[y * width + x] = sum;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float sum = 0f;
                    for (int k = -radius; k <= radius; k++) {
                        sum += kernel[k + radius] * scratch[reflect(y + k, height) * width + x];
                    }
                    data[start + y * width + x] = sum;
                }
            }
        }
    }

    private static float[] kernel(int radius, double sigma) {
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            total += Math.exp(-0.5 * (k / sigma) * (k / sigma));
        }
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) (Math.exp(-0.5 * (k / sigma) * (k / sigma)) / total);
        }
        return kernel;
    }

    /** Mirror without repeating the edge pixel ("reflect" padding), for offsets up to one length outside. */
    private static int reflect(int index, int length) {
        if (length == 1) {
            return 0;
        }
        int mirrored = index < 0 ? -index : index >= length ? 2 * length - 2 - index : index;
        return Math.max(0, Math.min(length - 1, mirrored)); // kernels wider than the view clamp past one reflection
    }
}
