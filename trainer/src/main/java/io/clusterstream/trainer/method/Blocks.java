package io.clusterstream.trainer.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small helpers for running DJL blocks in the methods. */
public final class Blocks {

    public static NDArray forward(Block block, ParameterStore store, NDArray input, boolean training) {
        return block.forward(store, new NDList(input), training).singletonOrThrow();
    }

    public static void initialize(Block block, NDManager manager, long... inputShape) {
        block.initialize(manager, DataType.FLOAT32, new Shape(inputShape));
    }

    /** Copies every parameter array of {@code source} into {@code target}'s (same structure), in place. */
    public static void copyParameters(Block source, Block target) {
        var from = source.getParameters().values();
        var to = target.getParameters().values();
        for (int i = 0; i < from.size(); i++) {
            from.get(i).getArray().copyTo(to.get(i).getArray());
        }
    }

    /** Every parameter array of {@code blocks}, e.g. to attach them to a sub-manager for an inference pass. */
    public static NDResource[] parameterArrays(Collection<Block> blocks) {
        List<NDResource> arrays = new ArrayList<>();
        for (Block block : blocks) {
            block.getParameters().values().forEach(p -> arrays.add(p.getArray()));
        }
        return arrays.toArray(NDResource[]::new);
    }

    private Blocks() {}
}
