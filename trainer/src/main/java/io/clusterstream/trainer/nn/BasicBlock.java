package io.clusterstream.trainer.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;

/**
 * ResNet's basic residual block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, both convolutions 3x3
 * padding 1, the first with the block's stride. The shortcut is the identity, or a 1x1 convolution with BN when the
 * stride or the channel count changes.
 */
public final class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ConvBn first;
    private final ConvBn second;
    private final ConvBn projection;

    BasicBlock(int inChannels, int outChannels, int stride) {
        super(VERSION);
        this.first = addChildBlock("first", new ConvBn(inChannels, outChannels, 3, stride, 1));
        this.second = addChildBlock("second", new ConvBn(outChannels, outChannels, 3, 1, 1));
        this.projection = stride != 1 || inChannels != outChannels
                ? addChildBlock("shortcut", new ConvBn(inChannels, outChannels, 1, stride, 0))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = new NDList(Activation.relu(first.forward(store, inputs, training, params).singletonOrThrow()));
        NDList residual = second.forward(store, h, training, params);
        NDList shortcut = projection == null ? inputs : projection.forward(store, inputs, training, params);
        return new NDList(Activation.relu(residual.singletonOrThrow().add(shortcut.singletonOrThrow())));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return first.getOutputShapes(inputShapes);
    }

    public ConvBn first() {
        return first;
    }

    public ConvBn second() {
        return second;
    }

    /** The 1x1 convolution + BN on the shortcut, or empty for the identity. */
    public Optional<ConvBn> projection() {
        return Optional.ofNullable(projection);
    }
}
