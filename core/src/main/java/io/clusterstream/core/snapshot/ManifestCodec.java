package io.clusterstream.core.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.clusterstream.schemas.v1.SnapshotManifest;

/**
 * Converts {@link SnapshotManifest}s to and from their two encodings: JSON ({@code manifest.json}, protobuf JSON
 * mapping with the .proto field names, e.g. {@code format_version}) and protobuf binary (the snapshots topic).
 *
 * <p>Readers ignore unknown JSON fields so that older readers accept manifests from newer writers within the same
 * format version, and they reject any {@code format_version} other than {@value #FORMAT_VERSION}.
 */
public final class ManifestCodec {

    /** The only manifest layout version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ManifestCodec() {
    }

    /**
     * Renders the manifest as indented JSON.
     *
     * @throws IllegalArgumentException if its format_version is not {@value #FORMAT_VERSION}
     */
    public static String toJson(SnapshotManifest manifest) {
        requireWritable(manifest);
        try {
            return PRINTER.print(manifest);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields can fail to print, and the manifest has none.
            throw new IllegalStateException("cannot print manifest as JSON", e);
        }
    }

    /**
     * Parses a JSON manifest, ignoring unknown fields.
     *
     * @throws SnapshotRejectedException with {@link RejectionReason#MALFORMED} if it does not parse, or {@link
     *                                   RejectionReason#UNSUPPORTED_FORMAT} for another format_version
     */
    public static SnapshotManifest fromJson(String json) {
        SnapshotManifest.Builder builder = SnapshotManifest.newBuilder();
        try {
            PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. wrong JSON types) as unchecked exceptions.
            throw SnapshotRejectedException.of("manifest", RejectionReason.MALFORMED, "<json>",
                    "not a valid manifest JSON document: " + e.getMessage());
        }
        return requireReadable(builder.build());
    }

    /**
     * Serialises the manifest to protobuf binary.
     *
     * @throws IllegalArgumentException if its format_version is not {@value #FORMAT_VERSION}
     */
    public static byte[] toBinary(SnapshotManifest manifest) {
        requireWritable(manifest);
        return manifest.toByteArray();
    }

    /**
     * Parses a protobuf binary manifest.
     *
     * @throws SnapshotRejectedException with {@link RejectionReason#MALFORMED} if it does not parse, or {@link
     *                                   RejectionReason#UNSUPPORTED_FORMAT} for another format_version
     */
    public static SnapshotManifest fromBinary(byte[] bytes) {
        SnapshotManifest manifest;
        try {
            manifest = SnapshotManifest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw SnapshotRejectedException.of("manifest", RejectionReason.MALFORMED, "<binary>",
                    "not a valid manifest protobuf: " + e.getMessage());
        }
        return requireReadable(manifest);
    }

    static String unsupportedFormatDetail(int formatVersion) {
        return "format_version " + Integer.toUnsignedString(formatVersion) + " is not supported; this reader supports "
                + FORMAT_VERSION + (formatVersion == 0 ? " (the field is missing)" : "");
    }

    private static SnapshotManifest requireReadable(SnapshotManifest manifest) {
        if (manifest.getFormatVersion() != FORMAT_VERSION) {
            throw SnapshotRejectedException.of("manifest", RejectionReason.UNSUPPORTED_FORMAT, "format_version",
                    unsupportedFormatDetail(manifest.getFormatVersion()));
        }
        return manifest;
    }

    private static void requireWritable(SnapshotManifest manifest) {
        if (manifest.getFormatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(unsupportedFormatDetail(manifest.getFormatVersion()));
        }
    }
}
