package io.clusterstream.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.clusterstream.trainer.nn.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The end-of-epoch checkpoint in a work folder: {@code checkpoints/epoch-N/} holds each block's parameters, the
 * method's state arrays and the optimiser's moments; {@code checkpoints/latest.json} (written last, atomically)
 * names the newest complete one, so a crash mid-write leaves the previous checkpoint in force.
 */
public final class TrainingCheckpoint {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final String LATEST = "latest.json";
    private static final String STATE = "state.ndlist";
    private static final String OPTIMISER = "optimiser.ndlist";

    /**
     * What latest.json records. {@code learningRateScale} is the factor roll-backs (divergence, loss spikes) left on the
     * schedule's rate (1 without any; checkpoints written before it existed read as 0 and mean 1); {@code rollbacks}
     * and {@code spikeRollbacks} count them, so a resumed run keeps within its limits (0 in older checkpoints).
     */
    public record Info(String algorithm, String architecture, int epoch, long step, double learningRate, double loss,
            long optimiserUpdates, Map<String, Long> counters, String directory, double learningRateScale, int rollbacks,
            int spikeRollbacks) {

        /** The scale to continue with: 1 for checkpoints that do not record one. */
        public double effectiveLearningRateScale() {
            return learningRateScale > 0 && learningRateScale <= 1 ? learningRateScale : 1;
        }
    }

    private final Path root;

    public TrainingCheckpoint(Path workDir) {
        this.root = workDir.resolve("checkpoints");
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Info> latest() throws IOException {
        Path latest = root.resolve(LATEST);
        if (!Files.exists(latest)) {
            return Optional.empty();
        }
        return Optional.of(GSON.fromJson(Files.readString(latest), Info.class));
    }

    /**
     * Saves everything of the epoch just finished, then points latest.json at it and deletes older epochs except
     * {@code keep}'s (a checkpoint the run may go back to; null: none).
     */
    public void save(Info info, Map<String, Block> blocks, NDList state, NDList optimiser, Info keep) throws IOException {
        Path directory = root.resolve(info.directory());
        Files.createDirectories(directory);
        for (Map.Entry<String, Block> block : blocks.entrySet()) {
            Checkpoints.save(block.getValue(), directory.resolve(block.getKey() + ".params"));
        }
        writeList(state, directory.resolve(STATE));
        writeList(optimiser, directory.resolve(OPTIMISER));
        byte[] json = GSON.toJson(info).getBytes(StandardCharsets.UTF_8);
        writeAtomically(root.resolve(LATEST), out -> out.write(json));
        try (Stream<Path> older = Files.list(root)) {
            for (Path old : older.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(info.directory())
                    && (keep == null || !p.getFileName().toString().equals(keep.directory()))).toList()) {
                deleteTree(old);
            }
        }
    }

    /** Loads the checkpoint's block parameters; returns its state arrays and optimiser moments. */
    public Restored load(Info info, Map<String, Block> blocks, NDManager manager) throws IOException {
        Path directory = root.resolve(info.directory());
        try {
            for (Map.Entry<String, Block> block : blocks.entrySet()) {
                Checkpoints.load(block.getValue(), manager, directory.resolve(block.getKey() + ".params"));
            }
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + directory + " does not fit this model: " + e.getMessage(), e);
        }
        return new Restored(readList(directory.resolve(STATE), manager), readList(directory.resolve(OPTIMISER), manager));
    }

    /** Arrays read back from a checkpoint. */
    public record Restored(NDList state, NDList optimiser) {}

    private static void writeList(NDList list, Path file) throws IOException {
        // DJL cannot decode an encoded empty list, so an empty list is an empty file
        writeAtomically(file, out -> {
            if (!list.isEmpty()) {
                list.encode(out);
            }
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Writer writer) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            writer.write(out);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static NDList readList(Path file, NDManager manager) throws IOException {
        if (Files.size(file) == 0) {
            return new NDList();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
