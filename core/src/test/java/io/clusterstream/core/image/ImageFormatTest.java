package io.clusterstream.core.image;

import static io.clusterstream.core.image.TestImages.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    private final BufferedImage image = TestImages.rgbGradient(8, 8);

    @Test
    void recognisesTheDecodableFormatsFromRealFiles() {
        assertEquals(ImageFormat.PNG, ImageFormat.detect(TestImages.encode(image, "png")));
        assertEquals(ImageFormat.JPEG, ImageFormat.detect(TestImages.encode(image, "jpeg")));
        assertEquals(ImageFormat.GIF, ImageFormat.detect(TestImages.encode(image, "gif")));
        assertEquals(ImageFormat.BMP, ImageFormat.detect(TestImages.encode(image, "bmp")));
    }

    @Test
    void recognisesBothGifVersions() {
        assertEquals(ImageFormat.GIF, ImageFormat.detect(ascii("GIF87a\u0001\u0000\u0001\u0000")));
        assertEquals(ImageFormat.GIF, ImageFormat.detect(ascii("GIF89a\u0001\u0000\u0001\u0000")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(ascii("GIF88a\u0001\u0000\u0001\u0000")));
    }

    @Test
    void recognisesFormatsItDoesNotDecode() {
        assertEquals(ImageFormat.WEBP, ImageFormat.detect(ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 ")));
        assertEquals(ImageFormat.TIFF, ImageFormat.detect(TestImages.encode(image, "tiff")));
        assertEquals(ImageFormat.TIFF, ImageFormat.detect(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}));
        assertEquals(ImageFormat.HEIC, ImageFormat.detect(ftyp("heic", "mif1", "heic")));
        assertEquals(ImageFormat.AVIF, ImageFormat.detect(ftyp("avif", "mif1", "miaf")));
        // A generic HEIF major brand with AVIF among the compatible brands is still AVIF.
        assertEquals(ImageFormat.AVIF, ImageFormat.detect(ftyp("mif1", "avif", "miaf")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(ftyp("isom", "iso2", "mp41")));
        assertFalse(ImageFormat.WEBP.isDecodable());
        assertTrue(ImageFormat.BMP.isDecodable());
    }

    @Test
    void anythingElseIsUnknown() {
        byte[] random = new byte[64];
        new Random(7).nextBytes(random);
        random[0] = 0x17;
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(random));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(new byte[0]));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(ascii("{\"image\": \"not really\"}")));
        // Text that happens to start with "BM" but has no BMP info header.
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(ascii("BMW drivers and their habits")));
    }

    @Test
    void tellsCompleteFilesFromCutOnes() {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            byte[] file = TestImages.encode(image, format);
            ImageFormat detected = ImageFormat.detect(file);
            assertTrue(detected.endsCompletely(file), format);
            assertFalse(detected.endsCompletely(Arrays.copyOf(file, file.length - 1)), format);
        }
    }

    private static byte[] ftyp(String majorBrand, String... compatibleBrands) {
        int size = 16 + 4 * compatibleBrands.length;
        StringBuilder box = new StringBuilder();
        box.append("\u0000\u0000\u0000").append((char) size).append("ftyp").append(majorBrand)
                .append("\u0000\u0000\u0000\u0000");
        for (String brand : compatibleBrands) {
            box.append(brand);
        }
        return ascii(box.toString());
    }
}
