package io.clusterstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetEncoderTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({
        "18, 1.0, 512, 8", "34, 1.0, 512, 16", "18, 0.25, 128, 8", "34, 0.5, 256, 16", "18, 0.1, 51, 8", "18, 0.001, 1, 8"})
    void featureDimAndBlockCountFollowDepthAndWidth(int depth, double width, int featureDim, int blocks) {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(depth).width(width).build();
        assertEquals(featureDim, encoder.featureDim());
        assertEquals(blocks, encoder.blocks().size());
    }

    @Test
    void stageChannelsAreRoundedWidthMultiplesOfTheBaseChannels() {
        assertArrayEquals(new int[] {16, 32, 64, 128}, ResNetEncoder.builder().width(0.25).build().stageChannels());
        assertArrayEquals(new int[] {24, 48, 96, 192}, ResNetEncoder.builder().width(0.375).build().stageChannels());
        assertArrayEquals(new int[] {1, 1, 1, 1}, ResNetEncoder.builder().width(0.001).build().stageChannels());
    }

    @ParameterizedTest
    @CsvSource({"CIFAR, 3, 32, 18", "IMAGENET, 3, 64, 18", "CIFAR, 1, 28, 34", "IMAGENET, 3, 33, 18"})
    void forwardGivesOneFeatureVectorPerImage(Stem stem, int channels, int side, int depth) {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(depth).width(0.125).stem(stem).inputChannels(channels).build();
        Shape input = new Shape(2, channels, side, side);
        encoder.initialize(manager, DataType.FLOAT32, input);
        NDArray out = encoder.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(input)), false).singletonOrThrow();
        assertEquals(new Shape(2, encoder.featureDim()), out.getShape());
        assertEquals(new Shape(2, encoder.featureDim()), encoder.getOutputShapes(new Shape[] {input})[0]);
    }

    @Test
    void shortcutsProjectOnlyWhereStrideOrChannelsChange() {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(34).width(0.25).build();
        long projected = encoder.blocks().stream().filter(b -> b.projection().isPresent()).count();
        assertEquals(3, projected, "stages 2, 3 and 4 open with a stride-2 block");
        assertEquals(1, encoder.blocks().get(0).first().stride());
        assertEquals(2, encoder.blocks().get(3).first().stride());
    }

    @Test
    void convolutionsStartHeNormalInFanOutModeAndBatchNormsAsIdentity() {
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(1.0).build();
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        ConvBn wide = encoder.blocks().get(7).second(); // 3x3, 512 → 512: 2.4 M weights
        float[] weights = wide.convWeight().toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float w : weights) {
            sum += w;
            squares += (double) w * w;
        }
        double mean = sum / weights.length;
        double std = Math.sqrt(squares / weights.length - mean * mean);
        double expected = Math.sqrt(2.0 / (9 * 512));
        assertEquals(expected, std, expected * 0.02);
        assertEquals(0.0, mean, expected * 0.02);
        assertTrue(wide.bnGamma().eq(1f).all().getBoolean());
        assertTrue(wide.bnBeta().eq(0f).all().getBoolean());
        assertTrue(wide.bnRunningMean().eq(0f).all().getBoolean());
        assertTrue(wide.bnRunningVar().eq(1f).all().getBoolean());
    }

    @Test
    void badSettingsAreRejectedWithTheirValue() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class, () -> ResNetEncoder.builder().depth(50));
        assertTrue(depth.getMessage().contains("50"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResNetEncoder.builder().width(0));
        assertThrows(IllegalArgumentException.class, () -> ResNetEncoder.builder().width(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ResNetEncoder.builder().inputChannels(0));
        ResNetEncoder encoder = ResNetEncoder.builder().inputChannels(3).build();
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32)));
        assertTrue(channels.getMessage().contains("(B, 3, H, W)"), channels.getMessage());
    }
}
