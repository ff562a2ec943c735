package io.clusterstream.trainer.augment;

/**
 * One view being augmented: a CHW slice {@code data[offset .. offset + channels * height * width)} holding values in
 * [0, 1] (pixels divided by 255, before normalisation), plus scratch space the steps may use. An {@link Augmenter}
 * reuses one canvas for every image, so steps must not keep references to it.
 */
public final class ViewCanvas {

    private float[] data;
    private int offset;
    private final int channels;
    private final int height;
    private final int width;
    private float[] scratch = new float[0];

    ViewCanvas(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    void target(float[] data, int offset) {
        this.data = data;
        this.offset = offset;
    }

    /** The array the view lives in; its values start at {@link #offset()}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per channel: {@code height * width}. */
    public int plane() {
        return height * width;
    }

    /** A reusable array of at least {@code length} floats with undefined contents. */
    public float[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new float[length];
        }
        return scratch;
    }
}
