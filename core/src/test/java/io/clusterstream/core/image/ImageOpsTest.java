package io.clusterstream.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageOpsTest {

    @Test
    void greyBecomesRgbByRepeatingThePlane() {
        PixelImage grey = new PixelImage(2, 1, 1, bytes(7, 250));

        PixelImage rgb = ImageOps.toRgb(grey);

        assertEquals(3, rgb.channels());
        assertArrayEquals(bytes(7, 250, 7, 250, 7, 250), rgb.pixels());
    }

    @Test
    void rgbBecomesGreyWithRoundedBt601Luma() {
        // Planar: reds, then greens, then blues of six pixels.
        PixelImage rgb = new PixelImage(6, 1, 3, bytes(
                255, 0, 0, 10, 255, 100,
                0, 255, 0, 20, 255, 100,
                0, 0, 255, 30, 255, 100));

        PixelImage grey = ImageOps.toGrey(rgb);

        // 0.299*255 = 76.2; 0.587*255 = 149.7; 0.114*255 = 29.1; 2.99 + 11.74 + 3.42 = 18.15.
        assertArrayEquals(bytes(76, 150, 29, 18, 255, 100), grey.pixels());
    }

    @Test
    void greyToRgbToGreyGivesBackEveryValue() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        PixelImage grey = new PixelImage(16, 16, 1, all);

        assertArrayEquals(all, ImageOps.toGrey(ImageOps.toRgb(grey)).pixels());
    }

    @Test
    void conversionToTheSameChannelCountIsIdentity() {
        PixelImage grey = new PixelImage(1, 1, 1, bytes(9));
        PixelImage rgb = new PixelImage(1, 1, 3, bytes(1, 2, 3));

        assertSame(grey, ImageOps.withChannels(grey, 1));
        assertSame(rgb, ImageOps.withChannels(rgb, 3));
        assertThrows(IllegalArgumentException.class, () -> ImageOps.withChannels(rgb, 4));
    }

    @Test
    void resizeToTheSameSizeIsIdentity() {
        PixelImage image = new PixelImage(3, 2, 3, bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));

        PixelImage resized = ImageOps.resize(image, 3, 2);

        assertEquals(image, resized);
        assertArrayEquals(bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17), resized.pixels());
    }

    @Test
    void bilinearUpscaleSamplesAtPixelCentres() {
        // Output pixel d of 4 reads input coordinate (d + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25
        // (clamped to 1), so the weights along each axis are 1|0, 3/4|1/4, 1/4|3/4, 0|1. With rows [0 100] and
        // [200 40]: row 0 is 0 25 75 100, row 3 is 200 160 80 40, row 1 = 3/4 row 0 + 1/4 row 3 and row 2 the reverse.
        // Unrounded: 50 58.75 76.25 85 / 150 126.25 78.75 55.
        PixelImage image = new PixelImage(2, 2, 1, bytes(0, 100, 200, 40));

        PixelImage resized = ImageOps.resize(image, 4, 4);

        assertArrayEquals(bytes(
                0, 25, 75, 100,
                50, 59, 76, 85,
                150, 126, 79, 55,
                200, 160, 80, 40), resized.pixels());
    }

    @Test
    void everyChannelIsResizedOnItsOwn() {
        PixelImage image = new PixelImage(2, 2, 3, bytes(
                0, 100, 200, 40,
                255, 155, 55, 215,
                7, 7, 7, 7));

        PixelImage resized = ImageOps.resize(image, 4, 4);

        byte[] red = Arrays.copyOfRange(resized.pixels(), 0, 16);
        byte[] green = Arrays.copyOfRange(resized.pixels(), 16, 32);
        byte[] blue = Arrays.copyOfRange(resized.pixels(), 32, 48);
        assertArrayEquals(bytes(0, 25, 75, 100, 50, 59, 76, 85, 150, 126, 79, 55, 200, 160, 80, 40), red);
        for (int i = 0; i < 16; i++) {
            assertEquals(255 - (red[i] & 0xFF), green[i] & 0xFF, "green is the negative of red at " + i);
            assertEquals(7, blue[i]);
        }
    }

    @Test
    void shrinkingByMoreThanTwiceAveragesBoxesFirst() {
        PixelImage image = new PixelImage(8, 1, 1, bytes(0, 10, 20, 30, 100, 110, 120, 130));

        PixelImage resized = ImageOps.resize(image, 2, 1);

        // Factor 4: the two boxes average to 15 and 115, and the box-averaged image already has the target size.
        assertArrayEquals(bytes(15, 115), resized.pixels());
    }

    @Test
    void fineStripesShrinkToTheirAverageInsteadOfAliasing() {
        // Columns 255, 0, 0, 255, 0, 0, ...: bilinear alone, at scale 3, would sample exactly the middle column of
        // every period and return black.
        byte[] stripes = new byte[300 * 30];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 300; x += 3) {
                stripes[y * 300 + x] = (byte) 255;
            }
        }

        PixelImage resized = ImageOps.resize(new PixelImage(300, 30, 1, stripes), 100, 10);

        byte[] expected = new byte[100 * 10];
        Arrays.fill(expected, (byte) 85);
        assertArrayEquals(expected, resized.pixels());
    }

    @Test
    void boxesCutShortAtTheEdgeAverageOnlyThePixelsTheyHave() {
        byte[] flat = new byte[10 * 10];
        Arrays.fill(flat, (byte) 200);

        // Factor 3 leaves a one-pixel box at the right and bottom edges.
        PixelImage resized = ImageOps.resize(new PixelImage(10, 10, 1, flat), 3, 3);

        byte[] expected = new byte[9];
        Arrays.fill(expected, (byte) 200);
        assertArrayEquals(expected, resized.pixels());
    }

    @Test
    void onePixelGrowsToAFlatImage() {
        PixelImage resized = ImageOps.resize(new PixelImage(1, 1, 1, bytes(42)), 3, 2);

        assertArrayEquals(bytes(42, 42, 42, 42, 42, 42), resized.pixels());
    }

    @Test
    void targetSizeMustBePositive() {
        PixelImage image = new PixelImage(1, 1, 1, bytes(1));

        assertThrows(IllegalArgumentException.class, () -> ImageOps.resize(image, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageOps.resize(image, 1, -1));
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
