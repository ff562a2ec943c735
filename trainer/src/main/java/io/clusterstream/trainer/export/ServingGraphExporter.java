package io.clusterstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
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
 * graph computes what the blocks compute with {@code training = false}. {@link #exportMicePosterior} writes MiCE's
 * student and teacher into one graph with one concatenated output.
 */
public final class ServingGraphExporter {

    public static final String INPUT_NAME = "image";
    public static final String OUTPUT_NAME = "embedding";
    private static final String TEACHER_PREFIX = "teacher.";

    private ServingGraphExporter() {}

    /**
     * @param projectionOrNull a head applied to the encoder's features, or null for none
     * @throws IllegalArgumentException when the projection does not take the encoder's features, the channel count
     *                                  differs from the encoder's, or the image is too small for the stem
     * @throws IllegalStateException    when a block has not been initialised (it has no weights yet)
     */
    public static ModelProto export(ResNetEncoder encoder, Projection projectionOrNull, boolean l2Normalize,
                                    int channels, int height, int width) {
        checkEncoder(encoder, channels, height, width);
        if (projectionOrNull != null) {
            checkHead(encoder, projectionOrNull);
        }
        requireInitialised(encoder, projectionOrNull);
        OnnxGraphBuilder g = new OnnxGraphBuilder(encoder.toString());
        String x = features(g, g.input(INPUT_NAME, -1, channels, height, width), "", encoder);
        int dim = encoder.featureDim();
        if (projectionOrNull != null) {
            x = project(g, x, "projection", projectionOrNull);
            dim = projectionOrNull.outDim();
        }
        if (l2Normalize) {
            x = g.l2Normalize(x);
        }
        g.output(x, OUTPUT_NAME, -1, dim);
        return g.build();
    }

    /**
     * MiCE's posterior serving graph (shared/algorithms.md §1, x1 = x2 = x3): one output {@value #OUTPUT_NAME} of
     * gate_dim + 2·K·expert_dim values, {@code [g | f_1..f_K | v_1..v_K]}, where g = l2n(gate(student(x))), f_k the
     * row k of experts(student(x)) reshaped to K x expert_dim and L2-normalised row-wise, and v_k the same through the
     * teacher's backbone and expert heads. The teacher's initialisers are prefixed {@code teacher.}.
     *
     * @throws IllegalArgumentException as {@link #export}, or when the expert heads do not give K x expert_dim values
     * @throws IllegalStateException    when a block has not been initialised
     */
    public static ModelProto exportMicePosterior(ResNetEncoder student, Projection gate, Projection experts,
            ResNetEncoder teacher, Projection teacherExperts, int clusters, int channels, int height, int width) {
        checkEncoder(student, channels, height, width);
        checkEncoder(teacher, channels, height, width);
        checkHead(student, gate);
        checkHead(student, experts);
        checkHead(teacher, teacherExperts);
        if (clusters < 1 || experts.outDim() % clusters != 0 || teacherExperts.outDim() != experts.outDim()) {
            throw new IllegalArgumentException("the expert heads give " + experts.outDim() + " and " + teacherExperts.outDim()
                    + " values, not K x expert_dim for K = " + clusters);
        }
        requireInitialised(student, gate, experts, teacher, teacherExperts);
        int expertDim = experts.outDim() / clusters;
        OnnxGraphBuilder g = new OnnxGraphBuilder("mice-posterior/" + student);
        String image = g.input(INPUT_NAME, -1, channels, height, width);
        String h = features(g, image, "", student);
        String gating = g.l2Normalize(project(g, h, "gate", gate));
        String studentExperts = expertEmbeddings(g, project(g, h, "experts", experts), clusters, expertDim);
        String teacherH = features(g, image, TEACHER_PREFIX, teacher);
        String keys = expertEmbeddings(g, project(g, teacherH, TEACHER_PREFIX + "experts", teacherExperts), clusters, expertDim);
        g.output(g.concat(1, gating, studentExperts, keys), OUTPUT_NAME, -1, gate.outDim() + 2L * clusters * expertDim);
        return g.build();
    }

    /** [N, K·D] → K row-wise L2-normalised embeddings, flattened back to [N, K·D]. */
    private static String expertEmbeddings(OnnxGraphBuilder g, String projected, int clusters, int expertDim) {
        String rows = g.l2Normalize(g.reshape(projected, -1, clusters, expertDim), 2);
        return g.reshape(rows, -1, (long) clusters * expertDim);
    }

    private static void checkEncoder(ResNetEncoder encoder, int channels, int height, int width) {
        if (channels != encoder.inputChannels()) {
            throw new IllegalArgumentException("the encoder takes " + encoder.inputChannels() + " channels, not " + channels);
        }
        int minimumSide = encoder.stem() == Stem.IMAGENET ? 2 : 1;
        if (height < minimumSide || width < minimumSide) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " is too small for the " + encoder.stem() + " stem");
        }
    }

    private static void checkHead(ResNetEncoder encoder, Projection head) {
        if (head.inDim() != encoder.featureDim()) {
            throw new IllegalArgumentException("the projection takes " + head.inDim()
                    + " features but the encoder gives " + encoder.featureDim());
        }
    }

    private static void requireInitialised(Block... blocks) {
        for (Block block : blocks) {
            if (block != null && !block.isInitialized()) {
                throw new IllegalStateException("initialise (or train, or load) the blocks before exporting them");
            }
        }
    }

    /** The encoder's pooled features [N, featureDim]; initialiser names start with {@code prefix}. */
    private static String features(OnnxGraphBuilder g, String image, String prefix, ResNetEncoder encoder) {
        String x = g.relu(convBn(g, image, prefix + "stem", encoder.stemLayer()));
        if (encoder.stem().maxPool()) {
            x = g.maxPool(x, Stem.POOL_KERNEL, Stem.POOL_STRIDE, Stem.POOL_PADDING);
        }
        int index = 0;
        for (BasicBlock block : encoder.blocks()) {
            x = basicBlock(g, x, prefix + "block" + index++, block);
        }
        return g.flatten(g.globalAveragePool(x));
    }

    private static String project(OnnxGraphBuilder g, String x, String name, Projection projection) {
        for (int i = 0; i < projection.depth(); i++) {
            int[] dims = projection.layerDims(i);
            x = g.linear(x, name + i, floats(projection.weight(i)), dims[1], dims[0], floats(projection.bias(i)));
            if (i < projection.depth() - 1) {
                x = g.relu(x);
            }
        }
        return x;
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
