package io.clusterstream.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The container format of an encoded image, recognised from its leading magic bytes rather than from a declared MIME
 * type (producers get those wrong). Only {@link #isDecodable() decodable} formats are accepted; the others are
 * recognised only so that a rejection can name what was actually sent.
 */
public enum ImageFormat {
    PNG(true, "png"),
    JPEG(true, "jpeg"),
    /** GIF87a or GIF89a; only the first frame of an animation is used. */
    GIF(true, "gif"),
    BMP(true, "bmp"),
    WEBP(false, null),
    TIFF(false, null),
    /** HEIF container with HEVC images (typical of phone cameras). */
    HEIC(false, null),
    /** HEIF container with AV1 images. */
    AVIF(false, null),
    /** None of the above. */
    UNKNOWN(false, null);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PNG_IEND_TYPE = ascii("IEND");
    /** Sizes of the BMP info headers that exist (core, V1 to V5 and the OS/2 variants). */
    private static final Set<Integer> BMP_INFO_HEADER_SIZES = Set.of(12, 16, 40, 52, 56, 64, 108, 124);
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");

    private final boolean decodable;
    private final String imageIoName;

    ImageFormat(boolean decodable, String imageIoName) {
        this.decodable = decodable;
        this.imageIoName = imageIoName;
    }

    /** Whether {@link ImageDecoder} decodes this format: PNG, JPEG, GIF and BMP. */
    public boolean isDecodable() {
        return decodable;
    }

    /** The ImageIO format name of a decodable format; {@code null} for the others. */
    String imageIoName() {
        return imageIoName;
    }

    /**
     * Recognises the format of {@code data} from its first bytes.
     *
     * @return the format, or {@link #UNKNOWN} when nothing matches (including for empty or very short input)
     */
    public static ImageFormat detect(byte[] data) {
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return WEBP;
        }
        if (isTiff(data)) {
            return TIFF;
        }
        if (startsWith(data, 4, ascii("ftyp"))) {
            return heifFlavour(data);
        }
        if (isBmp(data)) {
            return BMP;
        }
        return UNKNOWN;
    }

    /**
     * Whether {@code data} ends the way a complete file of this format ends. Only meaningful once decoding has failed:
     * it tells a file that was cut short from one that is damaged in the middle. Complete files may carry trailing
     * junk after their end marker, so this must not be used to reject files that decode.
     */
    boolean endsCompletely(byte[] data) {
        int n = data.length;
        return switch (this) {
            case PNG -> n >= 12 && startsWith(data, n - 8, PNG_IEND_TYPE);
            case JPEG -> n >= 2 && (data[n - 2] & 0xFF) == 0xFF && (data[n - 1] & 0xFF) == 0xD9;
            // The trailer byte follows the terminator of the last block.
            case GIF -> n >= 2 && data[n - 2] == 0x00 && data[n - 1] == 0x3B;
            // The BMP file header declares the file's total size.
            case BMP -> n >= 6 && Integer.toUnsignedLong(littleEndianInt(data, 2)) <= n;
            default -> true;
        };
    }

    private static boolean isTiff(byte[] data) {
        // Byte order mark followed by 42 (classic TIFF) or 43 (BigTIFF) in that byte order.
        if (startsWith(data, 0, ascii("II")) && data.length >= 4) {
            return (data[2] == 42 || data[2] == 43) && data[3] == 0;
        }
        if (startsWith(data, 0, ascii("MM")) && data.length >= 4) {
            return data[2] == 0 && (data[3] == 42 || data[3] == 43);
        }
        return false;
    }

    private static boolean isBmp(byte[] data) {
        if (!startsWith(data, 0, ascii("BM"))) {
            return false;
        }
        // "BM" alone is too weak a signature (any text may start with it), so when the info header's size is present
        // it must be one that exists. Shorter input is still called BMP so that it is reported as truncated.
        return data.length < 18 || BMP_INFO_HEADER_SIZES.contains(littleEndianInt(data, 14));
    }

    /** Tells HEIC from AVIF by the brands of the ISO base media 'ftyp' box; other brands (MP4 video...) are unknown. */
    private static ImageFormat heifFlavour(byte[] data) {
        long boxSize = Integer.toUnsignedLong(bigEndianInt(data, 0));
        int end = (int) Math.min(Math.min(boxSize, data.length), 256);
        boolean heic = false;
        // Major brand at 8, minor version at 12, then compatible brands.
        for (int offset = 8; offset + 4 <= end; offset += 4) {
            if (offset == 12) {
                continue;
            }
            String brand = new String(data, offset, 4, StandardCharsets.US_ASCII);
            if (AVIF_BRANDS.contains(brand)) {
                return AVIF;
            }
            heic |= HEIC_BRANDS.contains(brand);
        }
        return heic ? HEIC : UNKNOWN;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int littleEndianInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16
                | (data[offset + 3] & 0xFF) << 24;
    }

    private static int bigEndianInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 24 | (data[offset + 1] & 0xFF) << 16 | (data[offset + 2] & 0xFF) << 8
                | (data[offset + 3] & 0xFF);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
