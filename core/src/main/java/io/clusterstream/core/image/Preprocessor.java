package io.clusterstream.core.image;

import io.clusterstream.schemas.v1.Preprocessing;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Turns a {@link PixelImage} into the encoder's input as a snapshot's {@link Preprocessing} describes it: a
 * {@code channels x height x width} float32 tensor (CHW). The steps, in order:
 * <ol>
 *   <li>channel conversion: grey is replicated to RGB, RGB becomes grey as {@link ImageOps#toGrey} computes it;</li>
 *   <li>resize to the target size with {@link ImageOps#resize}'s bilinear interpolation (box-averaged first when a
 *       dimension shrinks by more than 2x), skipped when the size already matches; the resized values are kept as
 *       floats rather than rounded to bytes;</li>
 *   <li>scale to [0, 1] by dividing by 255;</li>
 *   <li>normalise each channel: {@code (x - mean[c]) / std[c]}.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class Preprocessor {

    private final int width;
    private final int height;
    private final int channels;
    private final float[] mean;
    private final float[] std;

    /**
     * @throws IllegalArgumentException unless height and width are at least 1, channels is 1 or 3, and mean and std
     *                                  have one finite value per channel with every std positive
     */
    public Preprocessor(Preprocessing spec) {
        Objects.requireNonNull(spec, "spec");
        long specHeight = Integer.toUnsignedLong(spec.getHeight());
        long specWidth = Integer.toUnsignedLong(spec.getWidth());
        long specChannels = Integer.toUnsignedLong(spec.getChannels());
        if (specHeight < 1 || specWidth < 1) {
            throw new IllegalArgumentException(
                    "preprocessing size must be at least 1x1, got width " + specWidth + " and height " + specHeight);
        }
        if (specChannels != 1 && specChannels != 3) {
            throw new IllegalArgumentException("preprocessing channels must be 1 or 3, got " + specChannels);
        }
        if (specChannels * specHeight * specWidth > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("preprocessing tensor of " + specChannels + "x" + specHeight + "x"
                    + specWidth + " floats does not fit in an array");
        }
        this.width = (int) specWidth;
        this.height = (int) specHeight;
        this.channels = (int) specChannels;
        this.mean = perChannel("mean", spec.getMeanList().size(), spec::getMean);
        this.std = perChannel("std", spec.getStdList().size(), spec::getStd);
        for (int c = 0; c < channels; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException(
                        "preprocessing std must be positive, got " + std[c] + " for channel " + c);
            }
        }
    }

    private float[] perChannel(String name, int count, IntToDoubleFunction value) {
        if (count != channels) {
            throw new IllegalArgumentException(
                    "preprocessing needs one " + name + " per channel (" + channels + "), got " + count);
        }
        float[] values = new float[count];
        for (int c = 0; c < count; c++) {
            values[c] = (float) value.applyAsDouble(c);
            if (!Float.isFinite(values[c])) {
                throw new IllegalArgumentException(
                        "preprocessing " + name + " must be finite, got " + values[c] + " for channel " + c);
            }
        }
        return values;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** The number of floats one image becomes: {@code channels * height * width}. */
    public int tensorSize() {
        return channels * height * width;
    }

    /** The image as a new CHW tensor of {@link #tensorSize()} floats. */
    public float[] toTensor(PixelImage image) {
        float[] tensor = new float[tensorSize()];
        toTensor(image, tensor, 0);
        return tensor;
    }

    /**
     * Writes the image's CHW tensor into {@code target[offset .. offset + tensorSize())}, e.g. one image of a batch;
     * the rest of {@code target} is left alone.
     *
     * @throws IndexOutOfBoundsException when the tensor does not fit at {@code offset}
     */
    public void toTensor(PixelImage image, float[] target, int offset) {
        Objects.requireNonNull(image, "image");
        Objects.checkFromIndexSize(offset, tensorSize(), target.length);
        int plane = height * width;
        if (image.channels() == 1 && channels == 3) {
            // Resizing is per channel, so resizing the grey plane once and replicating it equals replicating first.
            resizeInto(image, 0, target, offset);
            for (int c = 1; c < 3; c++) {
                System.arraycopy(target, offset, target, offset + c * plane, plane);
            }
        } else {
            PixelImage converted = ImageOps.withChannels(image, channels);
            for (int c = 0; c < channels; c++) {
                resizeInto(converted, c, target, offset + c * plane);
            }
        }
        for (int c = 0; c < channels; c++) {
            int start = offset + c * plane;
            float channelMean = mean[c];
            float channelStd = std[c];
            for (int i = start; i < start + plane; i++) {
                target[i] = (target[i] / 255f - channelMean) / channelStd;
            }
        }
    }

    private void resizeInto(PixelImage image, int channel, float[] target, int offset) {
        int srcPlane = image.width() * image.height();
        PlaneResampler.resample(image.pixels(), channel * srcPlane, image.width(), image.height(),
                target, offset, width, height);
    }

    @Override
    public String toString() {
        return "Preprocessor[" + channels + "x" + height + "x" + width + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + "]";
    }
}
