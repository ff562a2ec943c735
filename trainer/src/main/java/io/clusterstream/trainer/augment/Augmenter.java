package io.clusterstream.trainer.augment;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.schemas.v1.Preprocessing;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Makes views of images under one {@link AugmentationPolicy}. Cropping and resizing reuse core's
 * {@link Preprocessor} (with mean 0 and std 1), so a view is resized exactly as serving resizes; normalisation
 * follows the steps. Each view's randomness comes only from the generator passed in, in a fixed order (crop, then
 * each step), so a view is a function of that generator's seed.
 *
 * <p>Not thread-safe: an augmenter reuses its buffers; give each thread its own.
 */
public final class Augmenter {

    private final AugmentationPolicy policy;
    private final Preprocessor resizer;
    private final float[] mean;
    private final float[] std;
    private final ViewCanvas canvas;
    private byte[] sourceBuffer = new byte[0];

    public Augmenter(AugmentationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Preprocessing output = policy.output();
        this.resizer = new Preprocessor(AugmentationPolicy.unnormalised(output));
        int channels = output.getChannels();
        this.mean = new float[channels];
        this.std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = output.getMean(c);
            std[c] = output.getStd(c);
        }
        this.canvas = new ViewCanvas(channels, resizer.height(), resizer.width());
    }

    public AugmentationPolicy policy() {
        return policy;
    }

    /** Floats per view. */
    public int tensorSize() {
        return resizer.tensorSize();
    }

    /**
     * Writes one view of {@code image} as CHW floats into {@code target[offset .. offset + tensorSize())}.
     *
     * @throws IndexOutOfBoundsException when the view does not fit at {@code offset}
     */
    public void augment(PixelImage image, RandomGenerator random, float[] target, int offset) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(random, "random");
        Objects.checkFromIndexSize(offset, tensorSize(), target.length);
        PixelImage source = policy.crop() == null
                ? image
                : crop(image, policy.crop().sample(image.width(), image.height(), random));
        resizer.toTensor(source, target, offset);
        canvas.target(target, offset);
        for (AugmentationStep step : policy.steps()) {
            step.apply(canvas, random);
        }
        normalise(target, offset);
    }

    /** Like {@link #augment(PixelImage, RandomGenerator, float[], int)} for image {@code index} of a data set. */
    public void augment(LabeledImages images, int index, RandomGenerator random, float[] target, int offset) {
        if (sourceBuffer.length != images.imageLength()) {
            sourceBuffer = new byte[images.imageLength()];
        }
        images.copyPixels(index, sourceBuffer, 0);
        augment(new PixelImage(images.width(), images.height(), images.channels(), sourceBuffer),
                random, target, offset);
    }

    private static PixelImage crop(PixelImage image, CropBox box) {
        if (box.width() == image.width() && box.height() == image.height()) {
            return image;
        }
        byte[] source = image.pixels();
        byte[] cropped = new byte[image.channels() * box.height() * box.width()];
        int sourcePlane = image.width() * image.height();
        int out = 0;
        for (int c = 0; c < image.channels(); c++) {
            for (int y = box.y(); y < box.y() + box.height(); y++) {
                System.arraycopy(source, c * sourcePlane + y * image.width() + box.x(), cropped, out, box.width());
                out += box.width();
            }
        }
        return new PixelImage(box.width(), box.height(), image.channels(), cropped);
    }

    private void normalise(float[] target, int offset) {
        int plane = canvas.plane();
        for (int c = 0; c < mean.length; c++) {
            float channelMean = mean[c];
            float channelStd = std[c];
            for (int i = offset + c * plane, end = i + plane; i < end; i++) {
                target[i] = (target[i] - channelMean) / channelStd;
            }
        }
    }
}
