package io.clusterstream.core.serving;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs an ONNX encoder in ONNX Runtime through DJL: a batch of preprocessed images (N x C x H x W, float32) in,
 * one feature vector per image out. One instance is not thread-safe; give each thread (Flink subtask) its own.
 */
public final class OnnxEncoder implements AutoCloseable {

    public static final String ENGINE = "OnnxRuntime";

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final String outputName;
    private final long[] inputShape;
    private final int featureDim;

    private OnnxEncoder(ZooModel<NDList, NDList> model, String outputName, long[] inputShape, int featureDim) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.manager = model.getNDManager().newSubManager();
        this.outputName = outputName;
        this.inputShape = inputShape;
        this.featureDim = featureDim;
    }

    /**
     * Loads an encoder.
     *
     * @param onnxFile   the model file
     * @param outputName graph output holding the features; empty for the first output
     * @param channels   input channels, height and width: the shape one image must have
     * @param featureDim length of one feature vector; checked on every batch
     * @param threads    ONNX Runtime intra-op threads; 0 for its default
     * @throws EncoderLoadException when the file is missing or is not a loadable ONNX model
     */
    public static OnnxEncoder load(Path onnxFile, String outputName, int channels, int height, int width, int featureDim, int threads) {
        Engine.getEngine(ENGINE); // initialise DJL's ORT engine before anything else touches ONNX Runtime
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(ENGINE)
                .optModelPath(onnxFile.toAbsolutePath().getParent())
                .optModelName(stripOnnxSuffix(onnxFile.getFileName().toString()))
                .optTranslator(new NoopTranslator());
        if (threads > 0) {
            criteria.optOption("intraOpNumThreads", Integer.toString(threads))
                    .optOption("interOpNumThreads", "1");
        }
        try {
            ZooModel<NDList, NDList> model = criteria.build().loadModel();
            return new OnnxEncoder(model, outputName, new long[] {channels, height, width}, featureDim);
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new EncoderLoadException("cannot load ONNX encoder " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    private static String stripOnnxSuffix(String fileName) {
        return fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - ".onnx".length()) : fileName;
    }

    public int featureDim() {
        return featureDim;
    }

    /**
     * Embeds {@code count} images laid out one after another in {@code batch} (each C*H*W floats).
     *
     * @return {@code count} feature vectors of {@link #featureDim()} floats
     */
    public float[][] embed(float[] batch, int count) {
        long imageSize = inputShape[0] * inputShape[1] * inputShape[2];
        if (count < 1 || batch.length < count * imageSize) {
            throw new IllegalArgumentException("a batch of " + count + " images needs " + count * imageSize
                    + " floats, got " + batch.length);
        }
        try (NDManager scope = manager.newSubManager()) {
            float[] input = batch.length == count * imageSize ? batch : java.util.Arrays.copyOf(batch, (int) (count * imageSize));
            NDArray images = scope.create(input, new Shape(count, inputShape[0], inputShape[1], inputShape[2]));
            NDList outputs = predictor.predict(new NDList(images));
            NDArray features = pick(outputs);
            Shape shape = features.getShape();
            if (shape.dimension() != 2 || shape.get(0) != count || shape.get(1) != featureDim) {
                throw new EncoderFailedException("the encoder returned shape " + shape + ", expected (" + count + ", " + featureDim + ")");
            }
            float[] flat = features.toFloatArray();
            outputs.close();
            float[][] result = new float[count][];
            for (int i = 0; i < count; i++) {
                result[i] = java.util.Arrays.copyOfRange(flat, i * featureDim, (i + 1) * featureDim);
            }
            return result;
        } catch (TranslateException e) {
            throw new EncoderFailedException("ONNX Runtime failed on a batch of " + count + ": " + e.getMessage(), e);
        }
    }

    private NDArray pick(NDList outputs) {
        if (outputName.isEmpty()) {
            return outputs.head();
        }
        NDArray named = outputs.get(outputName);
        if (named == null) {
            throw new EncoderFailedException("the encoder has no output named '" + outputName + "'");
        }
        return named;
    }

    @Override
    public void close() {
        manager.close();
        predictor.close();
        model.close();
    }
}
