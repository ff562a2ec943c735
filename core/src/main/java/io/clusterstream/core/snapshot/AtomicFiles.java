package io.clusterstream.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable file creation: write to a hidden temporary file in the target's directory, fsync it, then rename it into
 * place atomically so that readers see either nothing or the complete file.
 */
final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    private AtomicFiles() {
    }

    /** A fully written and fsynced temporary file, and the digest of what was written to it. */
    record Staged(Path temporary, ArtifactDigest.Facts facts) {
    }

    /**
     * Writes {@code content} to a temporary file and moves it atomically onto {@code target}, replacing any file
     * there. The temporary file is removed if anything fails.
     */
    static ArtifactDigest.Facts write(Path target, InputStream content, boolean scanFloats) throws IOException {
        Staged staged = stage(target, content, scanFloats);
        moveIntoPlace(staged.temporary(), target);
        return staged.facts();
    }

    /**
     * Writes {@code content} to a new hidden sibling of {@code target} and fsyncs it. The caller must pass the
     * temporary file to {@link #moveIntoPlace} or {@link #deleteQuietly}.
     */
    static Staged stage(Path target, InputStream content, boolean scanFloats) throws IOException {
        Path temporary = temporarySibling(target);
        try (FileChannel channel =
                FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            ArtifactDigest.Facts facts = ArtifactDigest.copy(content, out, scanFloats);
            channel.force(true);
            return new Staged(temporary, facts);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** Renames {@code temporary} onto {@code target} atomically; deletes the temporary file if that fails. */
    static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** Makes a rename or creation inside {@code directory} durable; skipped where directories cannot be opened. */
    static void fsyncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
        }
    }

    /** Deletes {@code file} if it exists, logging rather than throwing on failure (used while cleaning up). */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {} while cleaning up: {}", file, e.toString());
        }
    }

    private static Path temporarySibling(Path target) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return target.resolveSibling("." + target.getFileName() + "." + suffix + ".tmp");
    }
}
