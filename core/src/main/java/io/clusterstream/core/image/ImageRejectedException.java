package io.clusterstream.core.image;

import java.util.Objects;

/**
 * An image that cannot be turned into pixels. It is checked because every caller has to decide what happens to the
 * rejected record (the stream job turns it into a dead letter), and the {@link #reason() reason} says why in a form
 * that can be counted; the message says it in words for the operator who reads the dead letter.
 */
public final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an image was rejected. */
    public enum Reason {
        /** No bytes at all, or an event without an image. */
        EMPTY,
        /** The encoded file is larger than {@link DecodeLimits#maxEncodedBytes()}. */
        TOO_MANY_BYTES,
        /** Not PNG, JPEG, GIF or BMP, or a variant of those that cannot be decoded (e.g. CMYK JPEG). */
        UNSUPPORTED_FORMAT,
        /** More pixels than {@link DecodeLimits#maxPixels()}; detected from the header, before decoding. */
        TOO_LARGE,
        /** The file ends before its image data does. */
        TRUNCATED,
        /** The file is damaged or malformed. */
        CORRUPT,
        /** A raw image whose dimensions, channels, layout or byte count are inconsistent. */
        INVALID_RAW;

        /** The machine-readable code for the dead-letter reason header, e.g. {@code IMAGE_TOO_LARGE}. */
        public String code() {
            return "IMAGE_" + name();
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the image was rejected. */
    public Reason reason() {
        return reason;
    }
}
