package io.clusterstream.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real encoded images made with ImageIO's writers, and hand-built byte sequences. */
final class TestImages {

    private TestImages() {}

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An RGB image whose colour at (x, y) is {@link #gradientRgb}. */
    static BufferedImage rgbGradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, gradientRgb(x, y));
            }
        }
        return image;
    }

    static int gradientRgb(int x, int y) {
        int r = (x * 37 + y * 11) & 0xFF;
        int g = (x * 5 + y * 53 + 17) & 0xFF;
        int b = (x * 91 + y * 7 + 200) & 0xFF;
        return r << 16 | g << 8 | b;
    }

    /** A fine, high-contrast pattern: JPEG encodes it poorly, which is fine for truncation tests. */
    static BufferedImage noise(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt() & 0xFFFFFF);
            }
        }
        return image;
    }

    /**
     * A PNG that is only a signature and an IHDR chunk (with a correct CRC) declaring {@code width x height} 8-bit RGB
     * pixels, and no image data at all.
     */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 4 + 13 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13);
        int typeStart = png.position();
        png.put("IHDR".getBytes(StandardCharsets.US_ASCII));
        png.putInt(width);
        png.putInt(height);
        png.put((byte) 8); // bit depth
        png.put((byte) 2); // colour type: RGB
        png.put((byte) 0); // compression
        png.put((byte) 0); // filter
        png.put((byte) 0); // interlace
        CRC32 crc = new CRC32();
        crc.update(png.array(), typeStart, 4 + 13);
        png.putInt((int) crc.getValue());
        return png.array();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
