package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * torchvision's ColorJitter wrapped in RandomApply: with probability {@code probability}, adjusts brightness,
 * contrast, saturation and hue in a random order, each by a factor drawn uniformly from
 * {@code [max(0, 1 - x), 1 + x]} (hue: a shift drawn from {@code [-hue, hue]}). Values are clamped to [0, 1] after
 * each adjustment, as torchvision does on float tensors; unlike on PIL images they are not rounded to 8 bits between
 * adjustments.
 *
 * <p>On a 1-channel view only brightness and contrast apply: saturation and hue have no meaning for grey, and
 * torchvision leaves a grey image unchanged by them too.
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue, double probability)
        implements AugmentationStep {

    private static final int ADJUSTMENTS = 4;

    public ColorJitter {
        nonNegative("brightness", brightness);
        nonNegative("contrast", contrast);
        nonNegative("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        }
        Probabilities.check("colour jitter probability", probability);
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be finite and not negative, got " + value);
        }
    }

    @Override
    public void apply(ViewCanvas canvas, RandomGenerator random) {
        if (!Probabilities.happens(probability, random)) {
            return;
        }
        int[] order = Permutations.shuffled(ADJUSTMENTS, random);
        float brightnessFactor = (float) factor(brightness, random);
        float contrastFactor = (float) factor(contrast, random);
        float saturationFactor = (float) factor(saturation, random);
        float hueShift = (float) Probabilities.uniform(-hue, hue, random);
        boolean colour = canvas.channels() == 3;
        for (int adjustment : order) {
            switch (adjustment) {
                case 0 -> adjustBrightness(canvas, brightnessFactor);
                case 1 -> adjustContrast(canvas, contrastFactor);
                case 2 -> {
                    if (colour) {
                        adjustSaturation(canvas, saturationFactor);
                    }
                }
                default -> {
                    if (colour) {
                        HueShift.apply(canvas, hueShift);
                    }
                }
            }
        }
    }

    private static double factor(double strength, RandomGenerator random) {
        return Probabilities.uniform(Math.max(0, 1 - strength), 1 + strength, random);
    }

    /** Multiplies every value by {@code factor}; factor 1 leaves the view unchanged. */
    static void adjustBrightness(ViewCanvas canvas, float factor) {
        float[] data = canvas.data();
        for (int i = canvas.offset(), end = i + canvas.channels() * canvas.plane(); i < end; i++) {
            data[i] = clamp(data[i] * factor);
        }
    }

    /** Blends every value with the mean grey level of the whole view. */
    static void adjustContrast(ViewCanvas canvas, float factor) {
        float[] data = canvas.data();
        int plane = canvas.plane();
        int start = canvas.offset();
        double sum = 0;
        for (int i = start; i < start + plane; i++) {
            sum += canvas.channels() == 3 ? Grayscale.luma(data[i], data[i + plane], data[i + 2 * plane]) : data[i];
        }
        float mean = (float) (sum / plane);
        blend(data, start, canvas.channels() * plane, factor, (1 - factor) * mean);
    }

    /** Blends every pixel with its own grey level. */
    static void adjustSaturation(ViewCanvas canvas, float factor) {
        float[] data = canvas.data();
        int plane = canvas.plane();
        for (int i = canvas.offset(), end = i + plane; i < end; i++) {
            float grey = (1 - factor) * Grayscale.luma(data[i], data[i + plane], data[i + 2 * plane]);
            data[i] = clamp(factor * data[i] + grey);
            data[i + plane] = clamp(factor * data[i + plane] + grey);
            data[i + 2 * plane] = clamp(factor * data[i + 2 * plane] + grey);
        }
    }

    private static void blend(float[] data, int start, int length, float factor, float offset) {
        for (int i = start; i < start + length; i++) {
            data[i] = clamp(factor * data[i] + offset);
        }
    }

    static float clamp(float value) {
        return value < 0f ? 0f : Math.min(value, 1f);
    }
}
