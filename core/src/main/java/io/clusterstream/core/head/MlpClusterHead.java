package io.clusterstream.core.head;

import io.clusterstream.schemas.v1.Activation;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.MlpHead;
import java.util.List;

/**
 * A stack of dense layers followed by a softmax over the last layer's K outputs: CC's cluster head and TCC's
 * assignment head. The novelty score is 1 - max_k p(k | f).
 */
public final class MlpClusterHead implements ClusterHead {

    private final Dense[] layers;
    private final int featureDim;
    private final int numClusters;

    public MlpClusterHead(MlpHead head) {
        List<DenseLayer> layers = head.getLayersList();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP head needs at least one layer");
        }
        int expectedIn = layers.get(0).getInDim();
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = layers.get(i);
            if (layer.getInDim() < 1 || layer.getOutDim() < 1 || layer.getInDim() != expectedIn) {
                throw new IllegalArgumentException("layer " + i + " is " + layer.getInDim() + "->" + layer.getOutDim()
                        + " but the previous layer produces " + expectedIn + " values");
            }
            if (layer.getWeightCount() != (long) layer.getInDim() * layer.getOutDim() || layer.getBiasCount() != layer.getOutDim()) {
                throw new IllegalArgumentException("layer " + i + " has " + layer.getWeightCount() + " weights and "
                        + layer.getBiasCount() + " biases, expected " + (long) layer.getInDim() * layer.getOutDim()
                        + " and " + layer.getOutDim());
            }
            expectedIn = layer.getOutDim();
        }
        this.featureDim = layers.get(0).getInDim();
        this.numClusters = expectedIn;
        this.layers = layers.stream().map(Dense::of).toArray(Dense[]::new);
    }

    @Override
    public int numClusters() {
        return numClusters;
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public double score(float[] feature, double[] probabilities) {
        Vectors.checkLength(feature, featureDim);
        double[] input = new double[featureDim];
        for (int i = 0; i < featureDim; i++) {
            input[i] = feature[i];
        }
        for (int l = 0; l < layers.length; l++) {
            Dense layer = layers[l];
            double[] output = l == layers.length - 1 ? probabilities : new double[layer.bias.length];
            layer.apply(input, output);
            input = output;
        }
        Softmax.inPlace(probabilities);
        double maxProbability = 0;
        for (double p : probabilities) {
            maxProbability = Math.max(maxProbability, p);
        }
        return 1 - maxProbability;
    }

    /** One dense layer copied out of its proto into primitive arrays. */
    private record Dense(float[] weight, float[] bias, boolean relu) {

        static Dense of(DenseLayer layer) {
            float[] weight = new float[layer.getWeightCount()];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = layer.getWeight(i);
            }
            float[] bias = new float[layer.getBiasCount()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = layer.getBias(i);
            }
            for (float v : weight) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("MLP weights must be finite");
                }
            }
            for (float v : bias) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("MLP biases must be finite");
                }
            }
            return new Dense(weight, bias, layer.getActivation() == Activation.ACTIVATION_RELU);
        }

        void apply(double[] input, double[] output) {
            int inDim = input.length;
            for (int o = 0; o < bias.length; o++) {
                double sum = bias[o];
                int row = o * inDim;
                for (int i = 0; i < inDim; i++) {
                    sum += weight[row + i] * input[i];
                }
                output[o] = relu ? Math.max(0, sum) : sum;
            }
        }
    }
}
