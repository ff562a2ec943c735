package io.clusterstream.core.image;

import java.util.Objects;

/**
 * Pixel operations on {@link PixelImage}s that serving ({@link Preprocessor}) and training augmentation must do
 * identically. All of them return a new image, or the argument itself when there is nothing to do.
 */
public final class ImageOps {

    // ITU-R BT.601 luma weights 0.299, 0.587 and 0.114 in 16-bit fixed point (they sum to 65536), which reproduces
    // PIL's convert("L") exactly; plain decimal arithmetic differs from it by one grey level for some colours.
    private static final int LUMA_RED = 19595;
    private static final int LUMA_GREEN = 38470;
    private static final int LUMA_BLUE = 7471;

    private ImageOps() {}

    /**
     * Resizes every channel to {@code width x height} with bilinear interpolation at pixel centres, box-averaging
     * first in any dimension shrunk by more than 2x so that large photos do not alias; values are rounded to the
     * nearest integer. Returns {@code image} itself when it already has that size.
     */
    public static PixelImage resize(PixelImage image, int width, int height) {
        Objects.requireNonNull(image, "image");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be at least 1x1, got " + width + "x" + height);
        }
        if (image.width() == width && image.height() == height) {
            return image;
        }
        int srcPlane = image.width() * image.height();
        int dstPlane = width * height;
        float[] resized = new float[dstPlane];
        byte[] pixels = new byte[image.channels() * dstPlane];
        for (int c = 0; c < image.channels(); c++) {
            PlaneResampler.resample(image.pixels(), c * srcPlane, image.width(), image.height(),
                    resized, 0, width, height);
            for (int i = 0; i < dstPlane; i++) {
                pixels[c * dstPlane + i] = (byte) Math.min(255, Math.max(0, Math.round(resized[i])));
            }
        }
        return new PixelImage(width, height, image.channels(), pixels);
    }

    /**
     * Converts to {@code channels} channels: 1 via {@link #toGrey}, 3 via {@link #toRgb}.
     *
     * @throws IllegalArgumentException for any other channel count
     */
    public static PixelImage withChannels(PixelImage image, int channels) {
        return switch (channels) {
            case 1 -> toGrey(image);
            case 3 -> toRgb(image);
            default -> throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        };
    }

    /**
     * Grey as PIL's {@code convert("L")} computes it: {@code 0.299 R + 0.587 G + 0.114 B}, rounded. Returns
     * {@code image} itself when it is already grey.
     */
    public static PixelImage toGrey(PixelImage image) {
        if (image.channels() == 1) {
            return image;
        }
        int plane = image.width() * image.height();
        byte[] rgb = image.pixels();
        byte[] grey = new byte[plane];
        for (int i = 0; i < plane; i++) {
            int r = rgb[i] & 0xFF;
            int g = rgb[plane + i] & 0xFF;
            int b = rgb[2 * plane + i] & 0xFF;
            grey[i] = (byte) ((r * LUMA_RED + g * LUMA_GREEN + b * LUMA_BLUE + 0x8000) >>> 16);
        }
        return new PixelImage(image.width(), image.height(), 1, grey);
    }

    /** RGB with the grey value in all three channels. Returns {@code image} itself when it is already RGB. */
    public static PixelImage toRgb(PixelImage image) {
        if (image.channels() == 3) {
            return image;
        }
        int plane = image.width() * image.height();
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(image.pixels(), 0, rgb, c * plane, plane);
        }
        return new PixelImage(image.width(), image.height(), 3, rgb);
    }
}
