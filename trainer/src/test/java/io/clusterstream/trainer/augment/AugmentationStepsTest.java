package io.clusterstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.Preprocessor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationStepsTest {

    private static final int SIZE = 32;
    private static final int PLANE = SIZE * SIZE;

    /** Image {@code index} of the fixture as [0, 1] values on a canvas. */
    private static ViewCanvas canvas(int index) {
        float[] data = new Preprocessor(AugmentationPolicy.unnormalised(StandardPreprocessing.CIFAR10))
                .toTensor(CifarFixture.image(index));
        ViewCanvas canvas = new ViewCanvas(3, SIZE, SIZE);
        canvas.target(data, 0);
        return canvas;
    }

    @Test
    void flippingTwiceRestoresTheImageAndOnceMirrorsIt() {
        ViewCanvas canvas = canvas(1);
        float[] original = canvas.data().clone();
        HorizontalFlip.flip(canvas);
        assertEquals(original[5 * SIZE], canvas.data()[5 * SIZE + SIZE - 1]);
        assertFalse(Arrays.equals(original, canvas.data()));
        HorizontalFlip.flip(canvas);
        assertArrayEquals(original, canvas.data());
    }

    @Test
    void grayscaleMakesEqualChannelsWithTheLuma() {
        ViewCanvas canvas = canvas(2);
        float[] original = canvas.data().clone();
        new Grayscale(1.0).apply(canvas, new SplittableRandom(0));
        float[] data = canvas.data();
        for (int p = 0; p < PLANE; p++) {
            assertEquals(data[p], data[p + PLANE]);
            assertEquals(data[p], data[p + 2 * PLANE]);
            assertEquals(0.299f * original[p] + 0.587f * original[p + PLANE] + 0.114f * original[p + 2 * PLANE],
                    data[p], 1e-6f);
        }
    }

    @Test
    void neutralColourFactorsLeaveTheImageUnchanged() {
        ViewCanvas canvas = canvas(3);
        float[] original = canvas.data().clone();
        ColorJitter.adjustBrightness(canvas, 1f);
        assertArrayEquals(original, canvas.data());
        ColorJitter.adjustSaturation(canvas, 1f);
        assertArrayEquals(original, canvas.data(), 1e-6f);
        ColorJitter.adjustContrast(canvas, 1f);
        assertArrayEquals(original, canvas.data(), 1e-6f);
        new ColorJitter(0, 0, 0, 0, 1.0).apply(canvas, new SplittableRandom(9));
        assertArrayEquals(original, canvas.data(), 1e-5f);
    }

    @Test
    void zeroSaturationIsGrayscaleAndZeroBrightnessIsBlack() {
        ViewCanvas canvas = canvas(4);
        ViewCanvas grey = canvas(4);
        ColorJitter.adjustSaturation(canvas, 0f);
        Grayscale.toGrey(grey);
        assertArrayEquals(grey.data(), canvas.data(), 1e-6f);
        ColorJitter.adjustBrightness(canvas, 0f);
        assertArrayEquals(new float[3 * PLANE], canvas.data());
    }

    @Test
    void hueShiftsOfAFullTurnCancel() {
        ViewCanvas canvas = canvas(5);
        float[] original = canvas.data().clone();
        HueShift.apply(canvas, 0.5f);
        assertFalse(Arrays.equals(original, canvas.data()));
        HueShift.apply(canvas, -0.5f);
        assertArrayEquals(original, canvas.data(), 1e-4f);
    }

    @Test
    void hueShiftKeepsGreyPixelsAndBrightness() {
        ViewCanvas canvas = canvas(6);
        Grayscale.toGrey(canvas);
        float[] grey = canvas.data().clone();
        HueShift.apply(canvas, 0.3f);
        assertArrayEquals(grey, canvas.data());
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsAnEdge() {
        ViewCanvas canvas = new ViewCanvas(1, 8, 8);
        float[] data = new float[64];
        Arrays.fill(data, 0.25f);
        canvas.target(data, 0);
        GaussianBlur blur = new GaussianBlur(1.0, 1.0, 1.0, 3);
        blur.apply(canvas, new SplittableRandom(0));
        for (float value : data) {
            assertEquals(0.25f, value, 1e-6f);
        }
        for (int y = 0; y < 8; y++) {
            Arrays.fill(data, y * 8 + 4, y * 8 + 8, 1f);
            Arrays.fill(data, y * 8, y * 8 + 4, 0f);
        }
        blur.apply(canvas, new SplittableRandom(0));
        assertTrue(data[3] > 0f && data[3] < 0.5f && data[4] > 0.5f && data[4] < 1f, Arrays.toString(data));
        assertEquals(0f, data[0], 1e-6f);
    }

    @Test
    void mixemKernelIsATenthOfTheSizeMadeOdd() {
        assertEquals(3, GaussianBlur.kernelFor(32));
        assertEquals(3, GaussianBlur.kernelFor(28));
        assertEquals(23, GaussianBlur.kernelFor(224));
        assertEquals(9, GaussianBlur.kernelFor(96));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 0.1, 2, 4));
    }

    @Test
    void cropBoxesRespectTheScaleAndRatioBounds() {
        RandomResizedCrop crop = RandomResizedCrop.ofScale(0.2, 0.6);
        SplittableRandom random = new SplittableRandom(11);
        int side = 1000; // large, so rounding width and height moves the area by well under 1%
        double smallest = 1;
        double largest = 0;
        for (int i = 0; i < 2000; i++) {
            CropBox box = crop.sample(side, side, random);
            double fraction = box.areaFraction(side, side);
            smallest = Math.min(smallest, fraction);
            largest = Math.max(largest, fraction);
            double ratio = (double) box.width() / box.height();
            assertTrue(ratio > 0.74 && ratio < 1.34, "ratio " + ratio);
            assertTrue(box.x() + box.width() <= side && box.y() + box.height() <= side);
        }
        assertTrue(smallest >= 0.2 * 0.99 && smallest < 0.22, "smallest " + smallest);
        assertTrue(largest <= 0.6 * 1.01 && largest > 0.58, "largest " + largest);
    }

    @Test
    void cropBoxesOnCifarSizedImagesStayInside() {
        RandomResizedCrop crop = RandomResizedCrop.ofScale(0.08, 1.0);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            CropBox box = crop.sample(32, 32, random);
            assertTrue(box.x() + box.width() <= 32 && box.y() + box.height() <= 32, box.toString());
            assertTrue(box.areaFraction(32, 32) > 0.05, box.toString());
        }
    }

    @Test
    void impossibleCropsFallBackToTheCentre() {
        RandomResizedCrop wide = new RandomResizedCrop(0.9, 1.0, 3.0, 3.0);
        assertEquals(new CropBox(0, 3, 10, 3), wide.sample(10, 10, new SplittableRandom(0)));
        RandomResizedCrop square = new RandomResizedCrop(0.9, 1.0, 1.0, 1.0);
        assertEquals(new CropBox(15, 0, 10, 10), square.sample(40, 10, new SplittableRandom(0)));
    }

    @Test
    void invalidSettingsAreRejectedWithTheReason() {
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class,
                () -> RandomResizedCrop.ofScale(0, 1));
        assertTrue(scale.getMessage().contains("crop scale"));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0.4, 0.4, 0.4, 0.6, 1));
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Grayscale(-0.1));
    }
}
