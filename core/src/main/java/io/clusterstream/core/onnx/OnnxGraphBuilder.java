package io.clusterstream.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes ONNX models (float32 graphs, opset 13 to 17, default {@value #DEFAULT_OPSET}) straight from the ONNX protobuf
 * messages. Every method that adds a node returns the name of its output, so graphs read like the forward pass:
 *
 * <pre>{@code
 * OnnxGraphBuilder g = new OnnxGraphBuilder("encoder");
 * String x = g.input("image", -1, 3, 32, 32);
 * String h = g.relu(g.conv(x, "conv1", weight, new long[] {16, 3, 3, 3}, bias, 1, 1));
 * g.output(g.l2Normalize(g.flatten(g.globalAveragePool(h))), "embedding", -1, 16);
 * byte[] onnx = g.build().toByteArray();
 * }</pre>
 *
 * A dimension of -1 is symbolic (the batch size). Names must be unique within a graph.
 */
public final class OnnxGraphBuilder {

    public static final int DEFAULT_OPSET = 17;
    private static final int IR_VERSION = 8;
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = TensorProto.DataType.INT64.getNumber();

    private final GraphProto.Builder graph;
    private final int opset;
    private final Set<String> names = new HashSet<>();
    private int nextNode;

    public OnnxGraphBuilder(String graphName) {
        this(graphName, DEFAULT_OPSET);
    }

    public OnnxGraphBuilder(String graphName, int opset) {
        // Opset 18 moved the reduction axes from an attribute to an input; l2Normalize writes the attribute form.
        if (opset < 13 || opset > 17) {
            throw new IllegalArgumentException("opset must be between 13 and 17, got " + opset);
        }
        this.graph = GraphProto.newBuilder().setName(graphName);
        this.opset = opset;
    }

    /** Declares a float32 graph input. */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(claim(name), dims));
        return name;
    }

    /** Declares {@code value} (the output of some node) as a graph output under {@code name}. */
    public String output(String value, String name, long... dims) {
        String outputName = value;
        if (!value.equals(name)) {
            outputName = node("Identity", new String[] {value}, claim(name));
        }
        graph.addOutput(valueInfo(outputName, dims));
        return outputName;
    }

    /** A float32 constant (weights), stored little-endian as raw data. */
    public String initializer(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values do not fill shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(claim(name), FLOAT, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** An int64 constant (shapes, axes). */
    public String initializer(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(claim(name), INT64, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** A generic node with one output; attributes are built with {@link #intAttr}, {@link #intsAttr}, {@link #floatAttr}. */
    public String node(String opType, String[] inputs, String outputName, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(opType + "_" + nextNode++)
                .addOutput(outputName);
        for (String input : inputs) {
            node.addInput(input);
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return outputName;
    }

    private String node(String opType, String[] inputs, AttributeProto... attributes) {
        return node(opType, inputs, claim(opType.toLowerCase() + "_" + nextNode + "_out"), attributes);
    }

    /** 2-D convolution, square kernel, weight shape [out, in, k, k]; bias may be null. */
    public String conv(String x, String name, float[] weight, long[] weightDims, float[] bias, int stride, int padding) {
        String w = initializer(name + ".weight", weight, weightDims);
        String[] inputs = bias == null ? new String[] {x, w} : new String[] {x, w, initializer(name + ".bias", bias, weightDims[0])};
        return node("Conv", inputs,
                intsAttr("kernel_shape", weightDims[2], weightDims[3]),
                intsAttr("strides", stride, stride),
                intsAttr("pads", padding, padding, padding, padding));
    }

    /** Inference-mode batch normalisation over channels. */
    public String batchNorm(String x, String name, float[] scale, float[] shift, float[] runningMean, float[] runningVar, float epsilon) {
        long c = scale.length;
        return node("BatchNormalization",
                new String[] {x, initializer(name + ".weight", scale, c), initializer(name + ".bias", shift, c),
                        initializer(name + ".running_mean", runningMean, c), initializer(name + ".running_var", runningVar, c)},
                floatAttr("epsilon", epsilon));
    }

    public String relu(String x) {
        return node("Relu", new String[] {x});
    }

    public String add(String a, String b) {
        return node("Add", new String[] {a, b});
    }

    public String maxPool(String x, int kernel, int stride, int padding) {
        return node("MaxPool", new String[] {x},
                intsAttr("kernel_shape", kernel, kernel), intsAttr("strides", stride, stride),
                intsAttr("pads", padding, padding, padding, padding));
    }

    public String averagePool(String x, int kernel, int stride) {
        return node("AveragePool", new String[] {x}, intsAttr("kernel_shape", kernel, kernel), intsAttr("strides", stride, stride));
    }

    public String globalAveragePool(String x) {
        return node("GlobalAveragePool", new String[] {x});
    }

    /** Collapses every dimension after the first: [N, ...] to [N, rest]. */
    public String flatten(String x) {
        return node("Flatten", new String[] {x}, intAttr("axis", 1));
    }

    /** y = x W^T + b for x of shape [N, in] and weight of shape [out, in] (PyTorch's Linear layout). */
    public String linear(String x, String name, float[] weight, int outFeatures, int inFeatures, float[] bias) {
        String w = initializer(name + ".weight", weight, outFeatures, inFeatures);
        String b = initializer(name + ".bias", bias, outFeatures);
        return node("Gemm", new String[] {x, w, b}, intAttr("transB", 1));
    }

    /**
     * Row-wise x / max(||x||₂, 1e-12), as PyTorch's {@code F.normalize}. ONNX's LpNormalization divides by the norm
     * with no floor, which turns an all-zero row into NaNs.
     */
    public String l2Normalize(String x) {
        return l2Normalize(x, 1);
    }

    /** As {@link #l2Normalize(String)}, along {@code axis}, e.g. 2 for the rows of [N, K, D]. */
    public String l2Normalize(String x, int axis) {
        String norm = node("ReduceL2", new String[] {x}, intsAttr("axes", axis), intAttr("keepdims", 1));
        String floor = initializer("l2_floor_" + nextNode, new float[] {1e-12f});
        return node("Div", new String[] {x, node("Max", new String[] {norm, floor})});
    }

    /** Reshape to {@code shape}; one dimension may be -1 (inferred), e.g. the batch. */
    public String reshape(String x, long... shape) {
        String target = initializer("shape_" + nextNode, shape, shape.length);
        return node("Reshape", new String[] {x, target});
    }

    /** Concatenates the inputs along {@code axis}. */
    public String concat(int axis, String... inputs) {
        return node("Concat", inputs, intAttr("axis", axis));
    }

    public ModelProto build() {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("clusterstream")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build();
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("name already used in graph: " + name);
        }
        return name;
    }

    private static TensorProto.Builder tensor(String name, int dataType, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(dataType);
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (dims[i] < 0) {
                dim.setDimParam(i == 0 ? "batch" : "d" + i);
            } else {
                dim.setDimValue(dims[i]);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
                .build();
    }
}
