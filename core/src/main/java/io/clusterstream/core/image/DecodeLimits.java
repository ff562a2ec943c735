package io.clusterstream.core.image;

/**
 * Bounds on what {@link ImageDecoder} accepts, so that a single hostile or careless record cannot exhaust memory.
 *
 * @param maxPixels       the most pixels (width * height) an image may declare; a decoded RGB image takes about
 *                        7 bytes per pixel while it is converted, so the default 50 megapixels costs up to ~350 MB
 * @param maxEncodedBytes the largest encoded file accepted
 */
public record DecodeLimits(long maxPixels, int maxEncodedBytes) implements java.io.Serializable {

    /** 50 megapixels: above any current phone camera's output. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** 32 MiB. */
    public static final int DEFAULT_MAX_ENCODED_BYTES = 32 * 1024 * 1024;
    /** A three-channel {@link PixelImage} of this many pixels is the largest a Java array can hold. */
    public static final long MAX_SUPPORTED_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private static final DecodeLimits DEFAULTS = new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_ENCODED_BYTES);

    public DecodeLimits {
        if (maxPixels < 1 || maxPixels > MAX_SUPPORTED_PIXELS) {
            throw new IllegalArgumentException(
                    "maxPixels must be between 1 and " + MAX_SUPPORTED_PIXELS + ", got " + maxPixels);
        }
        if (maxEncodedBytes < 1) {
            throw new IllegalArgumentException("maxEncodedBytes must be at least 1, got " + maxEncodedBytes);
        }
    }

    /** 50 megapixels and 32 MiB. */
    public static DecodeLimits defaults() {
        return DEFAULTS;
    }

    /** These limits with {@code maxPixels} replaced. */
    public DecodeLimits withMaxPixels(long maxPixels) {
        return new DecodeLimits(maxPixels, maxEncodedBytes);
    }

    /** These limits with {@code maxEncodedBytes} replaced. */
    public DecodeLimits withMaxEncodedBytes(int maxEncodedBytes) {
        return new DecodeLimits(maxPixels, maxEncodedBytes);
    }
}
