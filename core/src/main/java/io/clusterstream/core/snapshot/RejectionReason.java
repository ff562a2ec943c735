package io.clusterstream.core.snapshot;

/** Machine-readable reason why a snapshot manifest or its artifacts cannot be used. */
public enum RejectionReason {
    /** The manifest bytes are not a parseable manifest. */
    MALFORMED,
    /** {@code format_version} is not one this reader understands. */
    UNSUPPORTED_FORMAT,
    /** A required field is absent, zero or empty. */
    MISSING_FIELD,
    /** A field holds a value outside its allowed range or set. */
    INVALID_VALUE,
    /** Lengths or dimensions that must agree (K, D, channels, layer widths) do not. */
    DIMENSION_MISMATCH,
    /** A float or double is NaN or infinite. */
    NON_FINITE_VALUE,
    /** An artifact file does not exist or cannot be read. */
    MISSING_ARTIFACT,
    /** An artifact's bytes do not match the SHA-256 or size recorded in the manifest. */
    CHECKSUM_MISMATCH,
    /** An artifact URI points outside the snapshot directory or is an absolute path without a scheme. */
    UNSAFE_PATH,
    /** An artifact URI is malformed or uses a scheme this store cannot read. */
    UNSUPPORTED_URI
}
