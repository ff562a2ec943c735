package io.clusterstream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An MLP head: Linear → ReLU → … → Linear, with no activation after the last layer; input (B, in), output (B, last
 * out). Weights and biases start as PyTorch's {@code nn.Linear} does, U(−1/√in, 1/√in).
 */
public final class Projection extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int[] dims;
    private final List<Linear> layers = new ArrayList<>();

    private Projection(int[] dims) {
        super(VERSION);
        this.dims = dims;
        for (int i = 1; i < dims.length; i++) {
            Linear layer = addChildBlock("linear" + i, Linear.builder().setUnits(dims[i]).optBias(true).build());
            UniformInitializer pytorchDefault = new UniformInitializer((float) (1.0 / Math.sqrt(dims[i - 1])));
            layer.setInitializer(pytorchDefault, Parameter.Type.WEIGHT);
            layer.setInitializer(pytorchDefault, Parameter.Type.BIAS);
            layers.add(layer);
        }
    }

    /** An MLP from {@code in} features through each of {@code outs} (ReLU between layers, none after the last). */
    public static Projection of(int in, int... outs) {
        if (outs.length == 0) {
            throw new IllegalArgumentException("a projection needs at least one layer");
        }
        int[] dims = new int[outs.length + 1];
        dims[0] = in;
        System.arraycopy(outs, 0, dims, 1, outs.length);
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("layer sizes must be at least 1, got " + Arrays.toString(dims));
            }
        }
        return new Projection(dims);
    }

    /** One linear layer. */
    public static Projection linear(int in, int out) {
        return of(in, out);
    }

    public int inDim() {
        return dims[0];
    }

    public int outDim() {
        return dims[dims.length - 1];
    }

    /** Number of linear layers. */
    public int depth() {
        return layers.size();
    }

    /** Input and output size of layer {@code i}: {@code [in, out]}. */
    public int[] layerDims(int i) {
        return new int[] {dims[i], dims[i + 1]};
    }

    /** Weight of layer {@code i}, shape (out, in) as PyTorch's Linear. */
    public NDArray weight(int i) {
        return layers.get(i).getParameters().get("weight").getArray();
    }

    /** Bias of layer {@code i}, shape (out). */
    public NDArray bias(int i) {
        return layers.get(i).getParameters().get("bias").getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(store, x, training, params);
            if (i < layers.size() - 1) {
                x = new NDList(Activation.relu(x.singletonOrThrow()));
            }
        }
        return x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].dimension() != 2 || inputShapes[0].get(1) != dims[0]) {
            throw new IllegalArgumentException("the projection takes (B, " + dims[0] + ") inputs, got " + inputShapes[0]);
        }
        Shape[] shapes = inputShapes;
        for (Linear layer : layers) {
            layer.initialize(manager, dataType, shapes);
            shapes = layer.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outDim())};
    }

    @Override
    public String toString() {
        return "Projection" + Arrays.toString(dims);
    }
}
