package io.clusterstream.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Batch-norm running means and variances: state a forward pass in training mode updates, not trained parameters. */
public final class RunningStatistics {

    public static boolean is(Parameter parameter) {
        return parameter.getType() == Parameter.Type.RUNNING_MEAN || parameter.getType() == Parameter.Type.RUNNING_VAR;
    }

    /** The running-statistics arrays of {@code blocks}, in parameter order. */
    public static List<NDArray> of(Collection<? extends Block> blocks) {
        List<NDArray> arrays = new ArrayList<>();
        for (Block block : blocks) {
            for (Parameter parameter : block.getParameters().values()) {
                if (is(parameter)) {
                    arrays.add(parameter.getArray());
                }
            }
        }
        return arrays;
    }

    private RunningStatistics() {}
}
