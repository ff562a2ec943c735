package io.clusterstream.core.data;

import io.clusterstream.core.image.PixelImage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory labelled data set: {@link #size()} images that share width, height and channel count, stored back to
 * back in one byte array (each image in {@link PixelImage}'s CHW planar layout), with one label id per image.
 *
 * <p>One flat array keeps 60,000 CIFAR-10 images in 184 MB with no per-image objects; use
 * {@link #copyPixels(int, byte[], int)} to fill a training batch without allocating, and {@link #image(int)} when a
 * single {@link PixelImage} is wanted. Instances are immutable.
 */
public final class LabeledImages {

    /** Class name of images whose source gave no label (e.g. Kafka events without one); they count as no class. */
    public static final String UNLABELLED = "unlabelled";

    private final int width;
    private final int height;
    private final int channels;
    private final int imageLength;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param width      pixels per row of every image, at least 1
     * @param height     rows of every image, at least 1
     * @param channels   1 (grey) or 3 (RGB)
     * @param pixels     {@code labels.length * channels * height * width} bytes, image after image in CHW order;
     *                   not copied, the caller hands it over
     * @param labels     one label id per image, each in {@code [0, classNames.size())}; not copied
     * @param classNames class name per label id
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public LabeledImages(int width, int height, int channels, byte[] pixels, int[] labels, List<String> classNames) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        this.classNames = List.copyOf(classNames);
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("images must be at least 1x1, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " pixel bytes for " + labels.length
                    + " images of " + width + "x" + height + "x" + channels + ", got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not in [0, "
                        + this.classNames.size() + ")");
            }
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.imageLength = channels * height * width;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Concatenates data sets of the same image shape and class names, in order.
     *
     * @throws IllegalArgumentException if no parts are given or their shapes or class names differ
     */
    public static LabeledImages concat(LabeledImages... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        LabeledImages first = parts[0];
        long total = 0;
        for (LabeledImages part : parts) {
            if (!first.sameShapeAs(part) || !first.classNames.equals(part.classNames)) {
                throw new IllegalArgumentException("cannot concatenate " + first + " and " + part);
            }
            total += part.size();
        }
        int count = checkedImageCount(total, first.imageLength);
        byte[] pixels = new byte[count * first.imageLength];
        int[] labels = new int[count];
        int next = 0;
        for (LabeledImages part : parts) {
            System.arraycopy(part.pixels, 0, pixels, next * first.imageLength, part.pixels.length);
            System.arraycopy(part.labels, 0, labels, next, part.labels.length);
            next += part.size();
        }
        return new LabeledImages(first.width, first.height, first.channels, pixels, labels, first.classNames);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixels per row of every image. */
    public int width() {
        return width;
    }

    /** Rows of every image. */
    public int height() {
        return height;
    }

    /** 1 (grey) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    /** Bytes per image: {@code channels * height * width}. */
    public int imageLength() {
        return imageLength;
    }

    /** Class name per label id. */
    public List<String> classNames() {
        return classNames;
    }

    /** The label id of image {@code index}. */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /** A copy of all label ids, in image order. */
    public int[] labels() {
        return labels.clone();
    }

    /** Whether image {@code index} has a real class, not {@link #UNLABELLED}. */
    public boolean isLabelled(int index) {
        return !UNLABELLED.equals(classNames.get(labels[index]));
    }

    /** How many images carry each label id; the array has one entry per class name. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Image {@code index} as a {@link PixelImage} with its own copy of the pixels. */
    public PixelImage image(int index) {
        byte[] copy = new byte[imageLength];
        copyPixels(index, copy, 0);
        return new PixelImage(width, height, channels, copy);
    }

    /**
     * Copies the {@link #imageLength()} CHW bytes of image {@code index} into {@code destination} at {@code offset};
     * the allocation-free way to assemble a batch.
     */
    public void copyPixels(int index, byte[] destination, int offset) {
        Objects.checkIndex(index, labels.length);
        System.arraycopy(pixels, index * imageLength, destination, offset, imageLength);
    }

    /**
     * The images at {@code indices}, in that order (an index may repeat).
     *
     * @throws IndexOutOfBoundsException if an index is not in {@code [0, size())}
     */
    public LabeledImages subset(int[] indices) {
        int count = checkedImageCount(indices.length, imageLength);
        byte[] subsetPixels = new byte[count * imageLength];
        int[] subsetLabels = new int[count];
        for (int i = 0; i < count; i++) {
            copyPixels(indices[i], subsetPixels, i * imageLength);
            subsetLabels[i] = labels[indices[i]];
        }
        return new LabeledImages(width, height, channels, subsetPixels, subsetLabels, classNames);
    }

    /** The first {@code min(count, size())} images. */
    public LabeledImages head(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        int n = Math.min(count, size());
        return new LabeledImages(width, height, channels, Arrays.copyOf(pixels, n * imageLength),
                Arrays.copyOf(labels, n), classNames);
    }

    private boolean sameShapeAs(LabeledImages other) {
        return width == other.width && height == other.height && channels == other.channels;
    }

    /** Java arrays hold at most about 2^31 bytes; fail clearly instead of overflowing. */
    static int checkedImageCount(long images, int imageLength) {
        if (images * imageLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(images + " images of " + imageLength
                    + " bytes do not fit in one array (at most 2 GiB)");
        }
        return (int) images;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " images of " + width + "x" + height + "x" + channels + ", "
                + classNames.size() + " classes]";
    }
}
