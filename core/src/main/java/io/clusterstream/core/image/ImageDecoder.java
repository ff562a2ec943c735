package io.clusterstream.core.image;

import com.google.protobuf.ByteString;
import io.clusterstream.core.image.ImageRejectedException.Reason;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns the image of an {@link ImageEvent} into a {@link PixelImage}: encoded PNG, JPEG, GIF or BMP files through
 * {@code javax.imageio}, raw pixels directly. Every way an image can be unusable ends in an
 * {@link ImageRejectedException} whose reason and message explain it; images whose header declares more pixels than
 * {@link DecodeLimits#maxPixels()} are rejected before any pixel data is decompressed.
 *
 * <p>Grey images decode to one channel, everything else (palette, RGB, with or without alpha, 16-bit) to three;
 * alpha is dropped, not composited. Instances are immutable and thread-safe.
 */
public final class ImageDecoder {

    static {
        // ImageIO's default is to buffer streams in temporary files, which makes decoding several times slower.
        ImageIO.setUseCache(false);
    }

    private static final String SUPPORTED = "send PNG, JPEG, GIF or BMP";

    private final DecodeLimits limits;

    /** A decoder with {@link DecodeLimits#defaults()}. */
    public ImageDecoder() {
        this(DecodeLimits.defaults());
    }

    public ImageDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes whichever image the event carries.
     *
     * @throws ImageRejectedException with {@link Reason#EMPTY} when it carries none, otherwise as
     *                                {@link #decode(byte[])} or {@link #decode(RawImage)}
     */
    public PixelImage decode(ImageEvent event) throws ImageRejectedException {
        return switch (event.getImageCase()) {
            case ENCODED -> {
                ByteString data = event.getEncoded().getData();
                // Checked before toByteArray() so that an oversized payload is not copied first.
                checkEncodedSize(data.size());
                yield decode(data.toByteArray());
            }
            case RAW -> decode(event.getRaw());
            case IMAGE_NOT_SET -> throw new ImageRejectedException(
                    Reason.EMPTY, "event carries neither an encoded nor a raw image");
        };
    }

    /**
     * Decodes an encoded PNG, JPEG, GIF (first frame) or BMP file, recognised from its magic bytes.
     *
     * @throws ImageRejectedException {@link Reason#EMPTY}, {@link Reason#TOO_MANY_BYTES},
     *                                {@link Reason#UNSUPPORTED_FORMAT}, {@link Reason#TOO_LARGE},
     *                                {@link Reason#TRUNCATED} or {@link Reason#CORRUPT}
     */
    public PixelImage decode(byte[] encoded) throws ImageRejectedException {
        if (encoded.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "encoded image has no bytes");
        }
        checkEncodedSize(encoded.length);
        ImageFormat format = ImageFormat.detect(encoded);
        if (!format.isDecodable()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, unsupportedMessage(format, encoded));
        }
        ImageReader reader = readerFor(format);
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            // Forward-only, and metadata is skipped rather than parsed: text chunks can be compression bombs too.
            reader.setInput(input, true, true);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));

            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkPixelCount(format.name(), width, height);

            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                // ImageIO recovers from damage by filling the missing part with grey and only warns; such an image
                // would be clustered as if it were real, so the warning is treated as a failure.
                throw damaged(format, encoded, String.join("; ", warnings), null);
            }
            return BufferedImageConverter.toPixelImage(image);
        } catch (IOException | RuntimeException e) {
            throw failure(format, encoded, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Takes raw 8-bit pixels: 1 (grey), 3 (RGB) or 4 (RGBA, alpha dropped) channels, interleaved or planar.
     *
     * @throws ImageRejectedException {@link Reason#INVALID_RAW} for inconsistent dimensions, channels, layout or byte
     *                                count, {@link Reason#TOO_LARGE} for too many pixels
     */
    public PixelImage decode(RawImage raw) throws ImageRejectedException {
        long width = Integer.toUnsignedLong(raw.getWidth());
        long height = Integer.toUnsignedLong(raw.getHeight());
        long channels = Integer.toUnsignedLong(raw.getChannels());
        if (width < 1 || height < 1) {
            throw new ImageRejectedException(Reason.INVALID_RAW,
                    "raw image must be at least 1x1 pixels, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new ImageRejectedException(Reason.INVALID_RAW,
                    "raw image must have 1 (grey), 3 (RGB) or 4 (RGBA) channels, got " + channels);
        }
        PixelLayout layout = raw.getLayout();
        if (layout != PixelLayout.PIXEL_LAYOUT_INTERLEAVED && layout != PixelLayout.PIXEL_LAYOUT_PLANAR) {
            throw new ImageRejectedException(Reason.INVALID_RAW,
                    "raw image has unknown pixel layout " + raw.getLayoutValue());
        }
        checkPixelCount("raw", width, height);
        long expectedBytes = width * height * channels;
        ByteString data = raw.getPixels();
        if (data.size() != expectedBytes) {
            throw new ImageRejectedException(Reason.INVALID_RAW, String.format(Locale.ROOT,
                    "raw %dx%dx%d %s image needs exactly %d pixel bytes, got %d",
                    width, height, channels, layout, expectedBytes, data.size()));
        }
        return fromRaw((int) width, (int) height, (int) channels, layout == PixelLayout.PIXEL_LAYOUT_PLANAR, data);
    }

    private static PixelImage fromRaw(int width, int height, int channels, boolean planar, ByteString data) {
        int plane = width * height;
        int keptChannels = channels == 1 ? 1 : 3;
        if (planar || channels == 1) {
            // Already CHW; with RGBA the alpha plane is simply the one left out.
            byte[] pixels = new byte[keptChannels * plane];
            data.copyTo(pixels, 0, 0, pixels.length);
            return new PixelImage(width, height, keptChannels, pixels);
        }
        byte[] interleaved = data.toByteArray();
        byte[] pixels = new byte[3 * plane];
        for (int i = 0, src = 0; i < plane; i++, src += channels) {
            pixels[i] = interleaved[src];
            pixels[plane + i] = interleaved[src + 1];
            pixels[2 * plane + i] = interleaved[src + 2];
        }
        return new PixelImage(width, height, 3, pixels);
    }

    private void checkEncodedSize(int size) throws ImageRejectedException {
        if (size > limits.maxEncodedBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_BYTES, String.format(Locale.ROOT,
                    "encoded image is %d bytes, more than the limit of %d bytes", size, limits.maxEncodedBytes()));
        }
    }

    private void checkPixelCount(String what, long width, long height) throws ImageRejectedException {
        if (width * height > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "%s image declares %dx%d = %d pixels, more than the limit of %d pixels",
                    what, width, height, width * height, limits.maxPixels()));
        }
    }

    private static ImageReader readerFor(ImageFormat format) throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "no ImageIO reader for " + format + " is installed in this JVM");
        }
        return readers.next();
    }

    private static String unsupportedMessage(ImageFormat format, byte[] encoded) {
        if (format == ImageFormat.UNKNOWN) {
            int shown = Math.min(encoded.length, 8);
            return "unrecognised image format (first bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(encoded, 0, shown) + ") is not supported; " + SUPPORTED;
        }
        return format + " is not supported; " + SUPPORTED;
    }

    private static ImageRejectedException failure(ImageFormat format, byte[] encoded, Exception e) {
        String detail = describe(e);
        // The JDK's JPEG reader throws this for CMYK and YCCK files, which are valid but cannot be decoded here.
        if (format == ImageFormat.JPEG && detail.contains("Unsupported Image Type")) {
            return new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                    "JPEG with a CMYK or YCCK colour space is not supported; " + SUPPORTED + " in RGB or grey", e);
        }
        return damaged(format, encoded, detail, e);
    }

    /**
     * Readers seldom say that the data ended (the GIF reader reports a bad LZW block, the JPEG reader missing image
     * data, and the PNG reader's end-of-stream may come from a damaged but complete file), so truncation is judged
     * from the file itself: one that fails and lacks its format's end marker was cut short.
     */
    private static ImageRejectedException damaged(ImageFormat format, byte[] encoded, String detail, Exception cause) {
        if (!format.endsCompletely(encoded)) {
            return new ImageRejectedException(Reason.TRUNCATED, String.format(Locale.ROOT,
                    "%s image is truncated: its %d bytes end before the image does (%s)",
                    format, encoded.length, detail), cause);
        }
        return new ImageRejectedException(Reason.CORRUPT,
                String.format(Locale.ROOT, "%s image is corrupt: %s", format, detail), cause);
    }

    /** The messages of {@code e} and its causes, which together tell more than any one of them. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return text.toString();
    }
}
