package io.clusterstream.trainer.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Saves and restores the parameters (BN running statistics included) of a DJL block, in DJL's own parameter format.
 * A checkpoint is written to a temporary sibling, fsynced and renamed over the target, so a crash leaves either the
 * old checkpoint or the new one, never a torn file.
 */
public final class Checkpoints {

    private Checkpoints() {}

    /** Writes {@code block}'s parameters to {@code file} atomically, replacing any file there. */
    public static void save(Block block, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
                block.saveParameters(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Loads the parameters in {@code file} into {@code block}, which must have been built with the same settings (a
     * fresh, uninitialised block is fine); the arrays are created in {@code manager}.
     *
     * @throws NoSuchFileException   when there is no such file
     * @throws MalformedModelException when the file does not hold parameters of a block of this structure
     */
    public static void load(Block block, NDManager manager, Path file) throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new MalformedModelException(file + " holds more parameters than " + block.getClass().getSimpleName()
                        + " has; was it saved from a block of another structure?");
            }
        } catch (IllegalArgumentException | IllegalStateException | java.io.EOFException e) {
            throw new MalformedModelException(file + " does not match " + block + ": " + e.getMessage(), e);
        }
    }
}
