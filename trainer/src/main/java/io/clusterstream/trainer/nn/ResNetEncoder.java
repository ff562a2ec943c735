package io.clusterstream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A ResNet-18 or ResNet-34 backbone (basic blocks, [2,2,2,2] or [3,4,6,3] per stage) with a width multiplier: input
 * (B, C, H, W), output the globally average-pooled features (B, {@link #featureDim()}).
 *
 * <p>Structure, in forward order, which {@link io.clusterstream.trainer.export.ServingGraphExporter} walks:
 * <ol>
 *   <li>{@link #stemLayer()}: a {@link ConvBn} (kernel, stride and padding from the {@link Stem}), then ReLU, then,
 *       for {@link Stem#IMAGENET}, max-pool 3x3 stride 2 padding 1;</li>
 *   <li>{@link #blocks()}: the {@link BasicBlock}s of the four stages in order; stage s has
 *       {@link #stageChannels()}[s] channels, and its first block has stride 2 (except stage 0's, stride 1);</li>
 *   <li>the mean over the spatial dimensions.</li>
 * </ol>
 * Channels per stage are 64w, 128w, 256w, 512w rounded to the nearest integer, at least 1. Convolutions have no
 * bias (a BN follows each); weights start as N(0, 2 / (k² · C_out)), BN as gamma 1, beta 0 (see {@link ConvBn}).
 * Those initialisers are set on the blocks; a training config that sets its own WEIGHT initializer overrides them.
 *
 * <pre>{@code
 * ResNetEncoder enc = ResNetEncoder.builder().depth(18).width(0.25).stem(Stem.CIFAR).inputChannels(3).build();
 * }</pre>
 */
public final class ResNetEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int[] BASE_CHANNELS = {64, 128, 256, 512};

    private final int depth;
    private final double width;
    private final Stem stem;
    private final int inputChannels;
    private final int[] stageChannels;
    private final ConvBn stemLayer;
    private final List<BasicBlock> blocks = new ArrayList<>();

    private ResNetEncoder(Builder builder) {
        super(VERSION);
        this.depth = builder.depth;
        this.width = builder.width;
        this.stem = builder.stem;
        this.inputChannels = builder.inputChannels;
        this.stageChannels = new int[BASE_CHANNELS.length];
        for (int s = 0; s < BASE_CHANNELS.length; s++) {
            stageChannels[s] = Math.max(1, (int) Math.round(BASE_CHANNELS[s] * width));
        }
        this.stemLayer = addChildBlock("stem", new ConvBn(inputChannels, stageChannels[0], stem.kernel(), stem.stride(), stem.padding()));
        int[] blocksPerStage = depth == 18 ? new int[] {2, 2, 2, 2} : new int[] {3, 4, 6, 3};
        int in = stageChannels[0];
        for (int s = 0; s < blocksPerStage.length; s++) {
            for (int b = 0; b < blocksPerStage[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                blocks.add(addChildBlock("stage" + (s + 1) + "_block" + (b + 1), new BasicBlock(in, stageChannels[s], stride)));
                in = stageChannels[s];
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Length of the feature vector: the last stage's channel count. */
    public int featureDim() {
        return stageChannels[stageChannels.length - 1];
    }

    public int depth() {
        return depth;
    }

    public double width() {
        return width;
    }

    public Stem stem() {
        return stem;
    }

    public int inputChannels() {
        return inputChannels;
    }

    /** Channels of the four stages (a copy). */
    public int[] stageChannels() {
        return stageChannels.clone();
    }

    public ConvBn stemLayer() {
        return stemLayer;
    }

    /** The residual blocks of all stages, in forward order. */
    public List<BasicBlock> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.relu(stemLayer.forward(store, inputs, training, params).singletonOrThrow());
        if (stem.maxPool()) {
            h = Pool.maxPool2d(h, square(Stem.POOL_KERNEL), square(Stem.POOL_STRIDE), square(Stem.POOL_PADDING), false);
        }
        NDList x = new NDList(h);
        for (BasicBlock block : blocks) {
            x = block.forward(store, x, training, params);
        }
        return new NDList(Pool.globalAvgPool2d(x.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        stemLayer.initialize(manager, dataType, inputShapes);
        Shape[] shapes = afterStem(inputShapes);
        for (BasicBlock block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), featureDim())};
    }

    private Shape[] afterStem(Shape[] inputShapes) {
        Shape stemOut = stemLayer.getOutputShapes(inputShapes)[0];
        if (!stem.maxPool()) {
            return new Shape[] {stemOut};
        }
        return new Shape[] {new Shape(stemOut.get(0), stemOut.get(1),
                pooledSide(stemOut.get(2)), pooledSide(stemOut.get(3)))};
    }

    private static long pooledSide(long side) {
        return (side + 2L * Stem.POOL_PADDING - Stem.POOL_KERNEL) / Stem.POOL_STRIDE + 1;
    }

    private void checkInput(Shape input) {
        if (input.dimension() != 4 || input.get(1) != inputChannels) {
            throw new IllegalArgumentException("the encoder takes (B, " + inputChannels + ", H, W) images, got " + input);
        }
    }

    private static Shape square(int size) {
        return new Shape(size, size);
    }

    @Override
    public String toString() {
        return "ResNet-" + depth + " w=" + width + " " + stem + " stem (" + inputChannels + " → " + featureDim() + ")";
    }

    /** Settings of a {@link ResNetEncoder}; defaults: ResNet-18, width 1, CIFAR stem, 3 input channels. */
    public static final class Builder {

        private int depth = 18;
        private double width = 1.0;
        private Stem stem = Stem.CIFAR;
        private int inputChannels = 3;

        private Builder() {}

        /** 18 or 34. */
        public Builder depth(int depth) {
            if (depth != 18 && depth != 34) {
                throw new IllegalArgumentException("ResNet depth must be 18 or 34, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        /** Width multiplier of every stage's channel count; positive. */
        public Builder width(double width) {
            if (!(width > 0) || Double.isInfinite(width)) {
                throw new IllegalArgumentException("width multiplier must be a positive number, got " + width);
            }
            this.width = width;
            return this;
        }

        public Builder stem(Stem stem) {
            this.stem = java.util.Objects.requireNonNull(stem, "stem");
            return this;
        }

        public Builder inputChannels(int inputChannels) {
            if (inputChannels < 1) {
                throw new IllegalArgumentException("input channels must be at least 1, got " + inputChannels);
            }
            this.inputChannels = inputChannels;
            return this;
        }

        public ResNetEncoder build() {
            return new ResNetEncoder(this);
        }
    }
}
