package io.clusterstream.trainer.nn;

/** The first layers of a {@link ResNetEncoder}, which set how fast the image shrinks (algorithms.md, "Stems"). */
public enum Stem {
    /** conv 3x3 stride 1 padding 1, BN, ReLU, no max-pool: keeps 32x32 inputs at full resolution. */
    CIFAR(3, 1, 1, false),
    /** conv 7x7 stride 2 padding 3, BN, ReLU, max-pool 3x3 stride 2 padding 1: divides the side by 4. */
    IMAGENET(7, 2, 3, true);

    /** The stem's max-pool window, stride and padding (used only when {@link #maxPool()} is true). */
    public static final int POOL_KERNEL = 3;
    public static final int POOL_STRIDE = 2;
    public static final int POOL_PADDING = 1;

    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean maxPool;

    Stem(int kernel, int stride, int padding, boolean maxPool) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.maxPool = maxPool;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public boolean maxPool() {
        return maxPool;
    }
}
