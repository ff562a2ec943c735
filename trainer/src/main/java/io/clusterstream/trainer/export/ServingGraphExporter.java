package io.clusterstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.onnx.OnnxGraphBuilder;
import io.clusterstream.trainer.nn.BasicBlock;
import io.clusterstream.trainer.nn.ConvBn;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import io.clusterstream.trainer.nn.Stem;

/**
 * Writes the serving graph of a trained model as ONNX: {@code encoder → optional projection → optional L2
 * normalisation}, input {@value #INPUT_NAME} (−1, C, H, W), output {@value #OUTPUT_NAME} (−1, D). The weights are
 * read from the DJL blocks as they are now; batch norms are written in inference form (running statistics), so the
 * graph computes what the blocks compute with {@code training = false}.
 */
public final class ServingGraphExporter {

    public static final String INPUT_NAME = "image";
    public static final String OUTPUT_NAME = "embedding";

    private ServingGraphExporter() {}

    /**
     * @param projectionOrNull a head applied to the encoder's features, or null for none
     * @throws IllegalArgumentException when the projection does not take the encoder's features, the channel count
     *                                  differs from the encoder's, or the image is too small for the stem
     * @throws IllegalStateException    when a block has not been initialised (it has no weights yet)
     */
    public static ModelProto export(ResNetEncoder encoder, Projection projectionOrNull, boolean l2Normalize,
                                    int channels, int height, int width) {
        if (channels != encoder.inputChannels()) {
            throw new IllegalArgumentException("the encoder takes " + encoder.inputChannels() + " channels, not " + channels);
        }
        int minimumSide = encoder.stem() == Stem.IMAGENET ? 2 : 1;
        if (height < minimumSide || width < minimumSide) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " is too small for the " + encoder.stem() + " stem");
        }
        if (projectionOrNull != null && projectionOrNull.inDim() != encoder.featureDim()) {
            throw new IllegalArgumentException("the projection takes " + projectionOrNull.inDim()
                    + " features but the encoder gives " + encoder.featureDim());
        }
        if (!encoder.isInitialized() || (projectionOrNull != null && !projectionOrNull.isInitialized())) {
            throw new IllegalStateException("initialise (or train, or load) the blocks before exporting them");
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder(encoder.toString());
        String x = g.input(INPUT_NAME, -1, channels, height, width);

        x = g.relu(convBn(g, x, "stem", encoder.stemLayer()));
        if (encoder.stem().maxPool()) {
            x = g.maxPool(x, Stem.POOL_KERNEL, Stem.POOL_STRIDE, Stem.POOL_PADDING);
        }
        int index = 0;
        for (BasicBlock block : encoder.blocks()) {
            x = basicBlock(g, x, "block" + index++, block);
        }
        x = g.flatten(g.globalAveragePool(x));
        int dim = encoder.featureDim();

        if (projectionOrNull != null) {
            for (int i = 0; i < projectionOrNull.depth(); i++) {
                int[] dims = projectionOrNull.layerDims(i);
                x = g.linear(x, "projection" + i, floats(projectionOrNull.weight(i)), dims[1], dims[0],
                        floats(projectionOrNull.bias(i)));
                if (i < projectionOrNull.depth() - 1) {
                    x = g.relu(x);
                }
            }
            dim = projectionOrNull.outDim();
        }
        if (l2Normalize) {
            x = g.l2Normalize(x);
        }
        g.output(x, OUTPUT_NAME, -1, dim);
        return g.build();
    }

    private static String basicBlock(OnnxGraphBuilder g, String x, String name, BasicBlock block) {
        String h = g.relu(convBn(g, x, name + ".first", block.first()));
        h = convBn(g, h, name + ".second", block.second());
        String shortcut = block.projection().map(p -> convBn(g, x, name + ".shortcut", p)).orElse(x);
        return g.relu(g.add(h, shortcut));
    }

    private static String convBn(OnnxGraphBuilder g, String x, String name, ConvBn layer) {
        long k = layer.kernel();
        String conv = g.conv(x, name + ".conv", floats(layer.convWeight()),
                new long[] {layer.outChannels(), layer.inChannels(), k, k}, null, layer.stride(), layer.padding());
        return g.batchNorm(conv, name + ".bn", floats(layer.bnGamma()), floats(layer.bnBeta()),
                floats(layer.bnRunningMean()), floats(layer.bnRunningVar()), ConvBn.BN_EPSILON);
    }

    private static float[] floats(NDArray array) {
        return array.toFloatArray();
    }
}
