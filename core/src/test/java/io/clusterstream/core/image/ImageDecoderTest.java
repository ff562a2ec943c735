package io.clusterstream.core.image;

import static io.clusterstream.core.image.TestImages.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp"})
    void losslessRgbFilesDecodeToTheirExactPixels(String format) throws Exception {
        byte[] file = TestImages.encode(TestImages.rgbGradient(7, 5), format);

        PixelImage image = decoder.decode(file);

        assertEquals(7, image.width());
        assertEquals(5, image.height());
        assertEquals(3, image.channels());
        assertGradient(image);
    }

    @Test
    void jpegDecodesToNearlyTheColoursItWasWrittenWith() throws Exception {
        BufferedImage solid = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                solid.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }

        PixelImage image = decoder.decode(TestImages.encode(solid, "jpeg"));

        assertEquals(3, image.channels());
        assertEquals(16, image.width());
        assertEquals(16, image.height());
        // JPEG is lossy; a flat colour survives to within a few levels.
        assertNear(200, image.get(0, 8, 8), 3);
        assertNear(100, image.get(1, 8, 8), 3);
        assertNear(50, image.get(2, 8, 8), 3);
    }

    @Test
    void paletteGifDecodesToItsPaletteColours() throws Exception {
        byte[] reds = {(byte) 255, 0, 0, 10};
        byte[] greens = {0, (byte) 255, 0, 20};
        byte[] blues = {0, 0, (byte) 255, 30};
        // At least 5 rows: the JDK mis-decodes the interlaced GIFs its own writer makes when they are shorter.
        BufferedImage indexed = new BufferedImage(4, 8, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 4, reds, greens, blues));
        WritableRaster raster = indexed.getRaster();
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 4; x++) {
                raster.setSample(x, y, 0, (x + y) % 4);
            }
        }

        PixelImage image = decoder.decode(TestImages.encode(indexed, "gif"));

        assertEquals(3, image.channels());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 4; x++) {
                int index = (x + y) % 4;
                assertEquals(reds[index] & 0xFF, image.get(0, y, x));
                assertEquals(greens[index] & 0xFF, image.get(1, y, x));
                assertEquals(blues[index] & 0xFF, image.get(2, y, x));
            }
        }
    }

    @Test
    void greyPngKeepsEveryGreyValueExactly() throws Exception {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.getRaster().setSample(x, y, 0, y * 16 + x);
            }
        }

        PixelImage image = decoder.decode(TestImages.encode(grey, "png"));

        assertEquals(1, image.channels());
        for (int v = 0; v < 256; v++) {
            assertEquals(v, image.get(0, v / 16, v % 16), "grey value " + v);
        }
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() throws Exception {
        BufferedImage grey = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = {0, 257 * 100, 32896, 65535};
        for (int x = 0; x < 4; x++) {
            grey.getRaster().setSample(x, 0, 0, samples[x]);
        }

        PixelImage image = decoder.decode(TestImages.encode(grey, "png"));

        assertEquals(1, image.channels());
        assertArrayEquals(new byte[] {0, 100, (byte) 128, (byte) 255}, image.pixels());
    }

    @Test
    void rgbaPngKeepsItsColoursAndDropsAlpha() throws Exception {
        BufferedImage rgba = new BufferedImage(7, 5, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                int alpha = (x * 40) & 0xFF; // includes fully transparent pixels
                rgba.setRGB(x, y, alpha << 24 | TestImages.gradientRgb(x, y));
            }
        }

        PixelImage image = decoder.decode(TestImages.encode(rgba, "png"));

        assertEquals(3, image.channels());
        assertGradient(image);
    }

    @Test
    void greyJpegDecodesToOneChannel() throws Exception {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData(), (byte) 77);

        PixelImage image = decoder.decode(TestImages.encode(grey, "jpeg"));

        assertEquals(1, image.channels());
        assertNear(77, image.get(0, 8, 8), 1);
    }

    @Test
    void pngDeclaringTenBillionPixelsIsRejectedFromItsHeaderAlone() {
        // Signature and IHDR only: decoding pixels would need 30 GB, and there are none to decode. Had the decoder
        // gone past the header it would have failed for lack of image data (or memory), not for size.
        byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(bomb));

        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 50000000 pixels"), e.getMessage());
    }

    @Test
    void pixelLimitIsEnforcedBeforeAnyPixelIsDecoded() throws Exception {
        byte[] png = TestImages.encode(TestImages.noise(64, 64, 1), "png");
        byte[] damagedPixels = destroyPngImageData(png);
        ImageDecoder tiny = new ImageDecoder(DecodeLimits.defaults().withMaxPixels(1000));

        assertEquals(Reason.TOO_LARGE, assertThrows(ImageRejectedException.class, () -> tiny.decode(png)).reason());
        // The same header with unreadable pixel data: still TOO_LARGE, so the pixels were never looked at...
        assertEquals(Reason.TOO_LARGE,
                assertThrows(ImageRejectedException.class, () -> tiny.decode(damagedPixels)).reason());
        // ...whereas a decoder allowed to read them finds the damage.
        assertEquals(Reason.CORRUPT,
                assertThrows(ImageRejectedException.class, () -> decoder.decode(damagedPixels)).reason());
        // The limit itself is inclusive.
        assertEquals(64, new ImageDecoder(DecodeLimits.defaults().withMaxPixels(64 * 64)).decode(png).width());
    }

    @Test
    void tooLargeMessageStatesTheDeclaredSizeAndTheLimit() {
        byte[] png = TestImages.encode(TestImages.rgbGradient(64, 48), "png");
        ImageDecoder tiny = new ImageDecoder(DecodeLimits.defaults().withMaxPixels(1000));

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> tiny.decode(png));

        assertEquals("PNG image declares 64x48 = 3072 pixels, more than the limit of 1000 pixels", e.getMessage());
    }

    @Test
    void emptyPayloadIsRejected() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(new byte[0]));
        assertEquals(Reason.EMPTY, e.reason());
    }

    @Test
    void filesOverTheByteLimitAreRejectedUnread() {
        byte[] png = TestImages.encode(TestImages.noise(32, 32, 2), "png");
        ImageDecoder small = new ImageDecoder(DecodeLimits.defaults().withMaxEncodedBytes(100));

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> small.decode(png));

        assertEquals(Reason.TOO_MANY_BYTES, e.reason());
        assertEquals("encoded image is " + png.length + " bytes, more than the limit of 100 bytes", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void fileCutInHalfIsTruncated(String format) {
        byte[] file = TestImages.encode(TestImages.noise(64, 64, 3), format);
        byte[] half = Arrays.copyOf(file, file.length / 2);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(half));

        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedJpegIsRejectedAlthoughImageIoWouldFillItWithGrey() {
        // ImageIO decodes a cut JPEG without throwing; only its warnings reveal that the bottom half is made up.
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 64, 4), "jpeg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 3 / 4);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(cut));

        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().startsWith("JPEG image is truncated"), e.getMessage());
    }

    @Test
    void fileCutRightAfterItsHeaderIsTruncated() {
        byte[] headerOnly = TestImages.pngHeaderOnly(4, 4);
        byte[] jpegHead = Arrays.copyOf(TestImages.encode(TestImages.noise(16, 16, 5), "jpeg"), 100);

        assertEquals(Reason.TRUNCATED,
                assertThrows(ImageRejectedException.class, () -> decoder.decode(headerOnly)).reason());
        assertEquals(Reason.TRUNCATED,
                assertThrows(ImageRejectedException.class, () -> decoder.decode(jpegHead)).reason());
    }

    @Test
    void completeFilesWithDamagedDataAreCorrupt() {
        byte[] png = destroyPngImageData(TestImages.encode(TestImages.noise(32, 32, 6), "png"));
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 64, 7), "jpeg");
        for (int i = jpeg.length / 2; i < jpeg.length / 2 + 64; i++) {
            jpeg[i] ^= 0x5A;
        }

        ImageRejectedException pngError = assertThrows(ImageRejectedException.class, () -> decoder.decode(png));
        ImageRejectedException jpegError = assertThrows(ImageRejectedException.class, () -> decoder.decode(jpeg));

        assertEquals(Reason.CORRUPT, pngError.reason(), pngError.getMessage());
        assertTrue(pngError.getMessage().startsWith("PNG image is corrupt: "), pngError.getMessage());
        assertEquals(Reason.CORRUPT, jpegError.reason(), jpegError.getMessage());
    }

    @Test
    void webpIsNamedInItsRejection() {
        byte[] webp = ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 \u0018\u0000\u0000\u0000");

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(webp));

        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("WEBP is not supported; send PNG, JPEG, GIF or BMP", e.getMessage());
    }

    @Test
    void tiffIsRejectedEvenThoughTheJdkCouldReadIt() {
        byte[] tiff = TestImages.encode(TestImages.rgbGradient(4, 4), "tiff");

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(tiff));

        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().startsWith("TIFF is not supported"), e.getMessage());
    }

    @Test
    void randomBytesAreAnUnrecognisedFormatShowingTheirFirstBytes() {
        byte[] random = new byte[1000];
        new Random(8).nextBytes(random);
        random[0] = 0x1F;
        random[1] = (byte) 0x8B;

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(random));

        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().startsWith("unrecognised image format (first bytes 1f 8b "), e.getMessage());
        assertTrue(e.getMessage().endsWith("send PNG, JPEG, GIF or BMP"), e.getMessage());
    }

    @Test
    void reasonsHaveDeadLetterCodes() {
        assertEquals("IMAGE_TOO_LARGE", Reason.TOO_LARGE.code());
        assertEquals("IMAGE_INVALID_RAW", Reason.INVALID_RAW.code());
    }

    private static void assertGradient(PixelImage image) {
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int rgb = TestImages.gradientRgb(x, y);
                assertEquals(rgb >> 16 & 0xFF, image.get(0, y, x), "red at " + x + "," + y);
                assertEquals(rgb >> 8 & 0xFF, image.get(1, y, x), "green at " + x + "," + y);
                assertEquals(rgb & 0xFF, image.get(2, y, x), "blue at " + x + "," + y);
            }
        }
    }

    private static void assertNear(int expected, int actual, int tolerance) {
        assertTrue(Math.abs(expected - actual) <= tolerance, "expected " + expected + " +-" + tolerance + ", got " + actual);
    }

    /** Overwrites the compressed pixel data of the first IDAT chunk, leaving the file's structure and end intact. */
    private static byte[] destroyPngImageData(byte[] png) {
        byte[] damaged = png.clone();
        int idat = indexOf(damaged, ascii("IDAT"));
        int length = java.nio.ByteBuffer.wrap(damaged, idat - 4, 4).getInt();
        // Skip the two-byte zlib header so the damage lands in the deflate data.
        for (int i = idat + 6; i < idat + 4 + length; i++) {
            damaged[i] = (byte) 0xFF;
        }
        return damaged;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("pattern not found");
    }
}
