package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/** Mirrors the view left to right with probability {@code probability}, as torchvision's RandomHorizontalFlip. */
public record HorizontalFlip(double probability) implements AugmentationStep {

    public HorizontalFlip {
        Probabilities.check("flip probability", probability);
    }

    @Override
    public void apply(ViewCanvas canvas, RandomGenerator random) {
        if (Probabilities.happens(probability, random)) {
            flip(canvas);
        }
    }

    static void flip(ViewCanvas canvas) {
        float[] data = canvas.data();
        int width = canvas.width();
        int rows = canvas.channels() * canvas.height();
        for (int row = 0; row < rows; row++) {
            int left = canvas.offset() + row * width;
            int right = left + width - 1;
            while (left < right) {
                float swap = data[left];
                data[left++] = data[right];
                data[right--] = swap;
            }
        }
    }
}
