package io.clusterstream.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams bytes through SHA-256 without holding them in memory, optionally scanning them as float32 values. */
final class ArtifactDigest {

    // A multiple of 4 so that, with readNBytes filling it completely, every chunk but the last is float-aligned.
    private static final int CHUNK_BYTES = 1 << 16;

    private final MessageDigest sha256 = newSha256();
    private final boolean scanFloats;
    private long size;
    private long nonFiniteFloats;

    private ArtifactDigest(boolean scanFloats) {
        this.scanFloats = scanFloats;
    }

    /** SHA-256, size and, when {@code scanFloats}, the number of non-finite little-endian float32 values. */
    record Facts(String sha256, long sizeBytes, long nonFiniteFloats) {
    }

    static Facts of(Path file, boolean scanFloats) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream(), scanFloats);
        }
    }

    /** Copies {@code in} to {@code out} while digesting; neither stream is closed. */
    static Facts copy(InputStream in, OutputStream out, boolean scanFloats) throws IOException {
        ArtifactDigest digest = new ArtifactDigest(scanFloats);
        byte[] buffer = new byte[CHUNK_BYTES];
        int read;
        while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            digest.update(buffer, read);
            out.write(buffer, 0, read);
        }
        return new Facts(HexFormat.of().formatHex(digest.sha256.digest()), digest.size, digest.nonFiniteFloats);
    }

    private void update(byte[] buffer, int length) {
        sha256.update(buffer, 0, length);
        size += length;
        if (scanFloats) {
            ByteBuffer floats = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.LITTLE_ENDIAN);
            while (floats.remaining() >= Float.BYTES) {
                if (!Float.isFinite(floats.getFloat())) {
                    nonFiniteFloats++;
                }
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
