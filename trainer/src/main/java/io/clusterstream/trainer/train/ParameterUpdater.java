package io.clusterstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum and Adam, with PyTorch's update rules (weight decay added to the gradient, i.e. L2, as
 * {@code torch.optim.SGD}/{@code Adam} do). Written here rather than using DJL's optimisers so that the moment
 * buffers are ordinary arrays the checkpoint can save, which makes {@code --resume} continue exactly.
 * Gradients are zeroed after each update. A step whose gradients are not all finite can be discarded instead, so one
 * overflowing batch does not turn every parameter into NaN.
 */
public final class ParameterUpdater {

    /** Which rule. */
    public enum Rule { SGD, ADAM }

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Rule rule;
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private long updates;

    /** @param parameters the arrays to update (they must require gradients), by a stable name */
    public ParameterUpdater(Rule rule, double momentum, double weightDecay, Map<String, NDArray> parameters, NDManager manager) {
        this.rule = rule;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.parameters = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, NDArray> entry : this.parameters.entrySet()) {
            NDArray p = entry.getValue();
            first.put(entry.getKey(), manager.zeros(p.getShape(), p.getDataType()));
            if (rule == Rule.ADAM) {
                second.put(entry.getKey(), manager.zeros(p.getShape(), p.getDataType()));
            }
        }
    }

    /** Applies one update with the gradients accumulated since the last one, then zeroes them. */
    public void step(double learningRate) {
        updates++;
        float rate = (float) learningRate;
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray p = entry.getValue();
            NDArray gradient = p.getGradient();
            NDArray g = weightDecay == 0 ? gradient : gradient.add(p.mul(weightDecay));
            NDArray m = first.get(entry.getKey());
            if (rule == Rule.SGD) {
                m.muli(momentum).addi(g);
                p.subi(m.mul(rate));
            } else {
                NDArray v = second.get(entry.getKey());
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().mul(1 - BETA2));
                float firstCorrection = (float) (1 - Math.pow(BETA1, updates));
                float secondCorrection = (float) (1 - Math.pow(BETA2, updates));
                p.subi(m.div(firstCorrection).div(v.div(secondCorrection).sqrt().add(EPSILON)).mul(rate));
            }
            zero(gradient);
        }
    }

    /** Whether every accumulated gradient is finite (no NaN, no infinity). */
    public boolean gradientsFinite() {
        NDArray total = null;
        for (NDArray p : parameters.values()) {
            NDArray magnitude = p.getGradient().abs().sum();
            total = total == null ? magnitude : total.add(magnitude);
        }
        return total == null || Float.isFinite(total.getFloat());
    }

    /** Drops the gradients accumulated since the last update without applying them. */
    public void discard() {
        for (NDArray p : parameters.values()) {
            zero(p.getGradient());
        }
    }

    // subtracting the gradient from itself would keep a NaN or infinite entry as NaN
    private static void zero(NDArray gradient) {
        gradient.set(new NDIndex("..."), 0);
    }

    /** The moment buffers, for the checkpoint and for attaching to a step's manager. */
    public NDList state() {
        List<NDArray> arrays = new ArrayList<>(first.values());
        arrays.addAll(second.values());
        return new NDList(arrays);
    }

    /** Copies saved moment buffers (from {@link #state()}) into this updater's. */
    public void restore(NDList saved, long updateCount) {
        NDList own = state();
        if (saved.size() != own.size()) {
            throw new IllegalArgumentException("the checkpoint holds " + saved.size() + " optimiser arrays, expected " + own.size());
        }
        for (int i = 0; i < own.size(); i++) {
            saved.get(i).copyTo(own.get(i));
        }
        this.updates = updateCount;
    }

    public long updates() {
        return updates;
    }
}
