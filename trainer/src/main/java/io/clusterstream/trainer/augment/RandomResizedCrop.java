package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * torchvision's RandomResizedCrop box sampling: up to ten attempts draw an area fraction uniformly from
 * {@code [minScale, maxScale]} and an aspect ratio log-uniformly from {@code [minRatio, maxRatio]}, rounding width
 * and height half to even as Python does; the first box that fits is placed uniformly. If none fits, the centre crop
 * of the whole image clamped to the ratio range is used. The {@link Augmenter} then resizes the box to the output
 * size bilinearly.
 */
public record RandomResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) {

    private static final int ATTEMPTS = 10;

    public RandomResizedCrop {
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException(
                    "crop scale must satisfy 0 < min <= max <= 1, got [" + minScale + ", " + maxScale + "]");
        }
        if (!(minRatio > 0 && minRatio <= maxRatio && Double.isFinite(maxRatio))) {
            throw new IllegalArgumentException(
                    "crop ratio must satisfy 0 < min <= max, got [" + minRatio + ", " + maxRatio + "]");
        }
    }

    /** Scale range {@code [minScale, maxScale]} with torchvision's default ratio range 3/4 .. 4/3. */
    public static RandomResizedCrop ofScale(double minScale, double maxScale) {
        return new RandomResizedCrop(minScale, maxScale, 3.0 / 4.0, 4.0 / 3.0);
    }

    /** Draws the box to crop from a {@code width x height} image. */
    public CropBox sample(int width, int height, RandomGenerator random) {
        double area = (double) width * height;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * Probabilities.uniform(minScale, maxScale, random);
            double ratio = Math.exp(Probabilities.uniform(logMin, logMax, random));
            int w = (int) Math.rint(Math.sqrt(targetArea * ratio));
            int h = (int) Math.rint(Math.sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int x = random.nextInt(width - w + 1);
                int y = random.nextInt(height - h + 1);
                return new CropBox(x, y, w, h);
            }
        }
        return centreFallback(width, height);
    }

    private CropBox centreFallback(int width, int height) {
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < minRatio) {
            h = Math.max(1, (int) Math.rint(w / minRatio));
        } else if (inRatio > maxRatio) {
            w = Math.max(1, (int) Math.rint(h * maxRatio));
        }
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }
}
