package io.clusterstream.trainer.augment;

/**
 * One training batch: {@link #size()} images, each as {@link #views()} augmented views. {@link #view(int)} holds
 * view {@code v} of every image back to back ({@code size * channels * height * width} floats, CHW per image, in the
 * order of {@link #indices()}).
 *
 * <p>The arrays belong to the {@link BatchPipeline} and are reused: a batch is valid until the next call to
 * {@code next()} on its epoch's iterator (or until the pipeline closes). Copy what must live longer.
 */
public final class AugmentedBatch {

    private final float[][] views;
    private final int[] indices;
    private final int[] labels;
    private final ViewShape shape;
    private int number;

    AugmentedBatch(int size, int views, ViewShape shape) {
        this.shape = shape;
        this.views = new float[views][size * shape.tensorSize()];
        this.indices = new int[size];
        this.labels = new int[size];
    }

    /** Images in the batch. */
    public int size() {
        return indices.length;
    }

    /** Views per image. */
    public int views() {
        return views.length;
    }

    /** The shape of one image's view: a view array is {@code size x channels x height x width}. */
    public ViewShape shape() {
        return shape;
    }

    /** View {@code v} of every image of the batch. */
    public float[] view(int v) {
        return views[v];
    }

    /** The data set index of each image. */
    public int[] indices() {
        return indices;
    }

    /** The label id of each image (for evaluation only; the methods train without labels). */
    public int[] labels() {
        return labels;
    }

    /** The batch's position in its epoch, from 0. */
    public int number() {
        return number;
    }

    void number(int value) {
        number = value;
    }
}
