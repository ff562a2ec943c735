package io.clusterstream.trainer.method;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.serving.OnnxEncoder;
import io.clusterstream.trainer.export.ServingGraphExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embeds every image with an exported serving graph through ONNX Runtime, exactly as the stream job will; so
 * centroids fitted on these features are centroids of what is served.
 */
public final class OnnxFeatures {

    /** n x dim row-major. */
    public static float[] extract(ModelProto graph, LabeledImages images, Preprocessor preprocessor, int dim, Path scratch,
            int threads) throws IOException {
        Files.createDirectories(scratch);
        Path file = scratch.resolve("features.onnx");
        Files.write(file, graph.toByteArray());
        float[] features = new float[images.size() * dim];
        try (OnnxEncoder encoder = OnnxEncoder.load(file, ServingGraphExporter.OUTPUT_NAME, preprocessor.channels(),
                preprocessor.height(), preprocessor.width(), dim, threads)) {
            for (int start = 0; start < images.size(); start += ImageTensors.BATCH) {
                int end = Math.min(images.size(), start + ImageTensors.BATCH);
                float[][] embedded = encoder.embed(ImageTensors.batch(images, preprocessor, start, end), end - start);
                for (int i = 0; i < embedded.length; i++) {
                    System.arraycopy(embedded[i], 0, features, (start + i) * dim, dim);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return features;
    }

    private OnnxFeatures() {}
}
