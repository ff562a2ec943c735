package io.clusterstream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A square convolution without bias followed by batch normalisation (no activation). The convolution's weights start
 * as N(0, 2 / (k² · C_out)) (algorithms.md §1, PyTorch's kaiming_normal_ in fan-out mode); BN starts with gamma 1,
 * beta 0, running mean 0 and running variance 1.
 */
public final class ConvBn extends AbstractBlock {

    /** BN epsilon, as in PyTorch. */
    public static final float BN_EPSILON = 1e-5f;
    /** DJL's momentum is the share of the old running statistic kept: 0.9 here is PyTorch's momentum 0.1. */
    public static final float BN_MOMENTUM = 0.9f;

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Conv2d conv;
    private final BatchNorm norm;

    ConvBn(int inChannels, int outChannels, int kernel, int stride, int padding) {
        super(VERSION);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(outChannels)
                .optBias(false)
                .build());
        this.norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(BN_MOMENTUM).build());
        conv.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / (kernel * kernel * outChannels))),
                Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return norm.forward(store, conv.forward(store, inputs, training, params), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
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

    /** Convolution weight, shape (C_out, C_in, k, k). */
    public NDArray convWeight() {
        return conv.getParameters().get("weight").getArray();
    }

    public NDArray bnGamma() {
        return bnParameter(Parameter.Type.GAMMA);
    }

    public NDArray bnBeta() {
        return bnParameter(Parameter.Type.BETA);
    }

    public NDArray bnRunningMean() {
        return bnParameter(Parameter.Type.RUNNING_MEAN);
    }

    public NDArray bnRunningVar() {
        return bnParameter(Parameter.Type.RUNNING_VAR);
    }

    private NDArray bnParameter(Parameter.Type type) {
        for (Parameter parameter : norm.getDirectParameters().values()) {
            if (parameter.getType() == type) {
                return parameter.getArray();
            }
        }
        throw new IllegalStateException("batch norm has no " + type + " parameter");
    }
}
