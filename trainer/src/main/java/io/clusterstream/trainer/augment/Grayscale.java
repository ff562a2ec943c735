package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * With probability {@code probability}, replaces every channel by the ITU-R 601-2 luma
 * {@code 0.299 R + 0.587 G + 0.114 B}, keeping three channels (torchvision's RandomGrayscale). A 1-channel view is
 * already grey and is left alone.
 */
public record Grayscale(double probability) implements AugmentationStep {

    static final float RED = 0.299f;
    static final float GREEN = 0.587f;
    static final float BLUE = 0.114f;

    public Grayscale {
        Probabilities.check("grayscale probability", probability);
    }

    @Override
    public void apply(ViewCanvas canvas, RandomGenerator random) {
        if (Probabilities.happens(probability, random) && canvas.channels() == 3) {
            toGrey(canvas);
        }
    }

    static void toGrey(ViewCanvas canvas) {
        float[] data = canvas.data();
        int plane = canvas.plane();
        for (int r = canvas.offset(), end = r + plane; r < end; r++) {
            float grey = luma(data[r], data[r + plane], data[r + 2 * plane]);
            data[r] = grey;
            data[r + plane] = grey;
            data[r + 2 * plane] = grey;
        }
    }

    static float luma(float red, float green, float blue) {
        return RED * red + GREEN * green + BLUE * blue;
    }
}
