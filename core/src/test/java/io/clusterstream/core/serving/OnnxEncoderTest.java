package io.clusterstream.core.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEncoderTest {

    @TempDir
    Path dir;

    /** A 1x2x2 image -> flatten -> linear 4->2 -> L2 normalise. */
    private Path writeTinyEncoder() throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny");
        String x = g.input("image", -1, 1, 2, 2);
        float[] weight = {1, 0, 0, 0, 0, 1, 1, 0};
        String y = g.linear(g.flatten(x), "fc", weight, 2, 4, new float[] {0, 0});
        g.output(g.l2Normalize(y), "embedding", -1, 2);
        Path file = dir.resolve("encoder.onnx");
        Files.write(file, g.build().toByteArray());
        return file;
    }

    @Test
    void embedsABatchThroughOnnxRuntime() throws IOException {
        try (OnnxEncoder encoder = OnnxEncoder.load(writeTinyEncoder(), "embedding", 1, 2, 2, 2, 1)) {
            // Image 1 = (3, 0, 4, 0): fc gives (3, 4) -> (0.6, 0.8). Image 2 is all zero: the floor keeps it finite.
            float[][] features = encoder.embed(new float[] {3, 0, 4, 0, 0, 0, 0, 0}, 2);

            assertEquals(2, features.length);
            assertArrayEquals(new float[] {0.6f, 0.8f}, features[0], 1e-6f);
            assertArrayEquals(new float[] {0f, 0f}, features[1], 0f);
        }
    }

    @Test
    void aWrongFeatureDimensionIsReported() throws IOException {
        try (OnnxEncoder encoder = OnnxEncoder.load(writeTinyEncoder(), "embedding", 1, 2, 2, 3, 1)) {
            EncoderFailedException e = assertThrows(EncoderFailedException.class, () -> encoder.embed(new float[4], 1));
            assertTrue(e.getMessage().contains("expected (1, 3)"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotOnnxIsRejectedWithItsName() throws IOException {
        Path garbage = Files.write(dir.resolve("broken.onnx"), new byte[] {1, 2, 3, 4, 5});
        EncoderLoadException e = assertThrows(EncoderLoadException.class, () -> OnnxEncoder.load(garbage, "", 1, 2, 2, 2, 1));
        assertTrue(e.getMessage().contains("broken.onnx"), e.getMessage());
    }
}
