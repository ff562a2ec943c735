package io.clusterstream.core.image;

import static io.clusterstream.core.image.ImageOpsTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.Preprocessing;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static final float EPSILON = 1e-6f;

    @Test
    void scalesToUnitRangeThenNormalisesEachChannel() {
        Preprocessor preprocessor = new Preprocessor(spec(1, 1, 3, List.of(0.5f, 0.5f, 0.5f), List.of(0.5f, 0.25f, 0.2f)));

        float[] tensor = preprocessor.toTensor(new PixelImage(1, 1, 3, bytes(255, 0, 51)));

        // (1 - 0.5) / 0.5 = 1; (0 - 0.5) / 0.25 = -2; (0.2 - 0.5) / 0.2 = -1.5.
        assertArrayEquals(new float[] {1f, -2f, -1.5f}, tensor, EPSILON);
    }

    @Test
    void tensorIsChannelsThenRowsThenColumns() {
        Preprocessor preprocessor = new Preprocessor(spec(2, 2, 3, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)));
        byte[] planar = bytes(1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);

        float[] tensor = preprocessor.toTensor(new PixelImage(2, 2, 3, planar));

        assertEquals(12, preprocessor.tensorSize());
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = (planar[i] & 0xFF) / 255f;
        }
        assertArrayEquals(expected, tensor, EPSILON);
    }

    @Test
    void upscalesBilinearlyWithoutRoundingToBytes() {
        // Same image as ImageOpsTest.bilinearUpscaleSamplesAtPixelCentres; here the fractional values survive.
        Preprocessor preprocessor = new Preprocessor(spec(4, 4, 1, List.of(0.5f), List.of(0.25f)));

        float[] tensor = preprocessor.toTensor(new PixelImage(2, 2, 1, bytes(0, 100, 200, 40)));

        float[] resized = {
                0f, 25f, 75f, 100f,
                50f, 58.75f, 76.25f, 85f,
                150f, 126.25f, 78.75f, 55f,
                200f, 160f, 80f, 40f};
        float[] expected = new float[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = (resized[i] / 255f - 0.5f) / 0.25f;
        }
        assertArrayEquals(expected, tensor, EPSILON);
    }

    @Test
    void greyImagesAreReplicatedForRgbModels() {
        Preprocessor preprocessor = new Preprocessor(spec(4, 4, 3, List.of(0f, 0.1f, 0.2f), List.of(1f, 1f, 1f)));

        float[] tensor = preprocessor.toTensor(new PixelImage(2, 2, 1, bytes(0, 100, 200, 40)));

        assertEquals(48, tensor.length);
        // Row 1, column 1 of each channel: 58.75 / 255 minus that channel's mean.
        assertEquals(58.75f / 255f, tensor[5], EPSILON);
        assertEquals(58.75f / 255f - 0.1f, tensor[16 + 5], EPSILON);
        assertEquals(58.75f / 255f - 0.2f, tensor[32 + 5], EPSILON);
    }

    @Test
    void rgbImagesBecomeLumaForGreyModels() {
        Preprocessor preprocessor = new Preprocessor(spec(1, 2, 1, List.of(0f), List.of(1f)));

        float[] tensor = preprocessor.toTensor(new PixelImage(2, 1, 3, bytes(255, 10, 0, 20, 0, 30)));

        assertArrayEquals(new float[] {76 / 255f, 18 / 255f}, tensor, EPSILON);
    }

    @Test
    void writesIntoABatchAtAnOffsetAndNowhereElse() {
        Preprocessor preprocessor = new Preprocessor(spec(2, 2, 1, List.of(0f), List.of(1f)));
        PixelImage image = new PixelImage(2, 2, 1, bytes(0, 51, 102, 255));
        float[] batch = new float[3 * preprocessor.tensorSize()];
        Arrays.fill(batch, Float.NaN);

        preprocessor.toTensor(image, batch, preprocessor.tensorSize());

        assertArrayEquals(preprocessor.toTensor(image), Arrays.copyOfRange(batch, 4, 8));
        for (int i : new int[] {0, 1, 2, 3, 8, 9, 10, 11}) {
            assertTrue(Float.isNaN(batch[i]), "element " + i + " was overwritten");
        }
        assertThrows(IndexOutOfBoundsException.class, () -> preprocessor.toTensor(image, batch, 9));
    }

    @Test
    void rejectsSpecsThatCannotDescribeATensor() {
        assertInvalid(spec(0, 4, 3, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)), "at least 1x1");
        assertInvalid(spec(4, 4, 2, List.of(0f, 0f), List.of(1f, 1f)), "channels must be 1 or 3, got 2");
        assertInvalid(spec(4, 4, 3, List.of(0f), List.of(1f, 1f, 1f)), "one mean per channel (3), got 1");
        assertInvalid(spec(4, 4, 3, List.of(0f, 0f, 0f), List.of()), "one std per channel (3), got 0");
        assertInvalid(spec(4, 4, 1, List.of(0f), List.of(0f)), "std must be positive");
        assertInvalid(spec(4, 4, 1, List.of(0f), List.of(-1f)), "std must be positive");
        assertInvalid(spec(4, 4, 1, List.of(Float.NaN), List.of(1f)), "mean must be finite");
        assertInvalid(spec(1 << 16, 1 << 16, 1, List.of(0f), List.of(1f)), "does not fit");
    }

    private static void assertInvalid(Preprocessing spec, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Preprocessor(spec));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static Preprocessing spec(int height, int width, int channels, List<Float> mean, List<Float> std) {
        return Preprocessing.newBuilder().setHeight(height).setWidth(width).setChannels(channels)
                .addAllMean(mean).addAllStd(std).build();
    }
}
