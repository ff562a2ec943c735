package io.clusterstream.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/** Turns what ImageIO decoded into a {@link PixelImage}: grey stays one channel, everything else becomes RGB. */
final class BufferedImageConverter {

    private BufferedImageConverter() {}

    static PixelImage toPixelImage(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        if (isGrey(colorModel)) {
            return greyFromRaster(image.getRaster(), colorModel.getComponentSize(0));
        }
        if (isPlain8BitSrgb(colorModel, image.getRaster())) {
            return rgbFromRaster(image.getRaster());
        }
        return rgbViaColorModel(image);
    }

    /** Grey, with or without alpha; palettes are excluded even when their entries are all grey. */
    private static boolean isGrey(ColorModel colorModel) {
        return !(colorModel instanceof IndexColorModel)
                && colorModel.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && colorModel.getNumColorComponents() == 1
                && colorModel.getComponentSize(0) <= 16;
    }

    private static boolean isPlain8BitSrgb(ColorModel colorModel, Raster raster) {
        if (!(colorModel instanceof ComponentColorModel)
                || !colorModel.getColorSpace().isCS_sRGB()
                || colorModel.getNumColorComponents() != 3
                || colorModel.isAlphaPremultiplied()
                || raster.getTransferType() != DataBuffer.TYPE_BYTE) {
            return false;
        }
        for (int size : colorModel.getComponentSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads grey samples straight from the raster. {@link BufferedImage#getRGB} must not be used here: it converts
     * Java's linear grey colour space to sRGB and so changes the values the file holds.
     */
    private static PixelImage greyFromRaster(Raster raster, int bitsPerSample) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] pixels = new byte[width * height];
        int[] row = new int[width];
        int maxSample = (1 << bitsPerSample) - 1;
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                int sample = bitsPerSample == 8 ? row[x] : (row[x] * 255 + maxSample / 2) / maxSample;
                pixels[base + x] = (byte) sample;
            }
        }
        return new PixelImage(width, height, 1, pixels);
    }

    /** The common JPEG/PNG/BMP case: 8-bit sRGB samples, copied band by band (band 0 is red whatever the byte order). */
    private static PixelImage rgbFromRaster(Raster raster) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int plane = width * height;
        byte[] pixels = new byte[3 * plane];
        int[] row = new int[width];
        for (int band = 0; band < 3; band++) {
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, band, row);
                int base = band * plane + y * width;
                for (int x = 0; x < width; x++) {
                    pixels[base + x] = (byte) row[x];
                }
            }
        }
        return new PixelImage(width, height, 3, pixels);
    }

    /** Palettes, packed ints, 16-bit and non-sRGB colour spaces: let the colour model produce sRGB; alpha is dropped. */
    private static PixelImage rgbViaColorModel(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        byte[] pixels = new byte[3 * plane];
        // Row by row, so the conversion needs one row of ints rather than a second full-size copy of the image.
        int[] argbRow = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, argbRow, 0, width);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                int argb = argbRow[x];
                pixels[base + x] = (byte) (argb >> 16);
                pixels[plane + base + x] = (byte) (argb >> 8);
                pixels[2 * plane + base + x] = (byte) argb;
            }
        }
        return new PixelImage(width, height, 3, pixels);
    }
}
