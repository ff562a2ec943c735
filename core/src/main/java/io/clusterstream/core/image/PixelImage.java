package io.clusterstream.core.image;

import java.util.Objects;

/**
 * An 8-bit image with its channels stored as planes (CHW): all of channel 0 row by row, then channel 1, and so on.
 * This is the layout the encoder consumes, so decoders and data set readers produce it and preprocessing reads it.
 *
 * @param width    pixels per row, at least 1
 * @param height   rows, at least 1
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   {@code channels * height * width} unsigned bytes; not copied, treat as immutable
 */
public record PixelImage(int width, int height, int channels, byte[] pixels) {

    public PixelImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        long expected = (long) channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " bytes for " + width + "x" + height + "x" + channels + ", got " + pixels.length);
        }
    }

    /** The unsigned value (0..255) of channel {@code c} at row {@code y}, column {@code x}. */
    public int get(int c, int y, int x) {
        return pixels[(c * height + y) * width + x] & 0xFF;
    }
}
