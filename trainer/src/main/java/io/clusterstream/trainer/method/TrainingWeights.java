package io.clusterstream.trainer.method;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The snapshot's {@code training_weights} artifact: every block of a method (backbone, heads, teacher) in DJL's
 * parameter format, behind a header naming the algorithm and architecture, so a refit warm-starts only from weights
 * of the same shape.
 */
public final class TrainingWeights {

    public static final String FILE = "training-weights.bin";
    private static final String MAGIC = "clusterstream-training-weights/1";

    public static byte[] write(String algorithm, String architecture, Map<String, Block> blocks) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(algorithm);
            out.writeUTF(architecture);
            out.writeInt(blocks.size());
            for (Map.Entry<String, Block> block : blocks.entrySet()) {
                out.writeUTF(block.getKey());
                block.getValue().saveParameters(out);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Loads {@code file} into {@code blocks} when it was written for the same algorithm, architecture and blocks.
     *
     * @return false (and nothing loaded) when it was not
     * @throws IOException when the file claims to match but cannot be read
     */
    public static boolean read(Path file, String algorithm, String architecture, Map<String, Block> blocks, NDManager manager)
            throws IOException {
        try (InputStream stream = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream))) {
            if (!MAGIC.equals(in.readUTF()) || !algorithm.equals(in.readUTF()) || !architecture.equals(in.readUTF())
                    || in.readInt() != blocks.size()) {
                return false;
            }
            for (Map.Entry<String, Block> block : blocks.entrySet()) {
                if (!block.getKey().equals(in.readUTF())) {
                    return false;
                }
                block.getValue().loadParameters(manager, in);
            }
            return true;
        } catch (MalformedModelException e) {
            throw new IOException("training weights " + file + " do not fit " + architecture + ": " + e.getMessage(), e);
        } catch (java.io.UTFDataFormatException | java.io.EOFException e) {
            return false;
        }
    }

    private TrainingWeights() {}
}
