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
     * {@code best} is the loss-spike guard's lowest-loss checkpoint when it is an older one than this (its directory is
     * kept), so a resumed run compares with it and can go back to it; null when this one is the best, or there is none.
     */
    public record Info(String algorithm, String architecture, int epoch, long step, double learningRate, double loss,
            long optimiserUpdates, Map<String, Long> counters, String directory, double learningRateScale, int rollbacks,
            int spikeRollbacks, Info best) {

        /** The scale to continue with: 1 for checkpoints that do not record one. */
        public double effectiveLearningRateScale() {
            return learningRateScale > 0 && learningRateScale <= 1 ? learningRateScale : 1;
        }

        /** This checkpoint as the one a run continues from after a roll-back to it: the counts and scale it has now. */
        Info afterRollBack(double scale, int rollbacksNow, int spikeRollbacksNow) {
            return new Info(algorithm, architecture, epoch, step, learningRate, loss, optimiserUpdates, counters, directory,
                    scale, rollbacksNow, spikeRollbacksNow, best);
        }

        /** Records {@code older} as this checkpoint's best; only its own fields, not what it points at. */
        Info withBest(Info older) {
            Info flat = older == null || older.directory().equals(directory) ? null : older.withoutBest();
            return new Info(algorithm, architecture, epoch, step, learningRate, loss, optimiserUpdates, counters, directory,
                    learningRateScale, rollbacks, spikeRollbacks, flat);
        }

        private Info withoutBest() {
            return new Info(algorithm, architecture, epoch, step, learningRate, loss, optimiserUpdates, counters, directory,
                    learningRateScale, rollbacks, spikeRollbacks, null);
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
     * Saves everything of the epoch just finished, then points latest.json at it and deletes older epochs except its
     * {@linkplain Info#best() best}'s.
     */
    public void save(Info info, Map<String, Block> blocks, NDList state, NDList optimiser) throws IOException {
        Path directory = root.resolve(info.directory());
        Files.createDirectories(directory);
        for (Map.Entry<String, Block> block : blocks.entrySet()) {
            Checkpoints.save(block.getValue(), directory.resolve(block.getKey() + ".params"));
        }
        writeList(state, directory.resolve(STATE));
        writeList(optimiser, directory.resolve(OPTIMISER));
        pointAt(info);
    }

    /**
     * Makes an existing checkpoint the newest, as a roll-back to it does, so that a crash afterwards resumes from it
     * (with {@code info}'s roll-back counts) and not from the state the run went back from, whose epochs are deleted.
     */
    public void pointAt(Info info) throws IOException {
        byte[] json = GSON.toJson(info).getBytes(StandardCharsets.UTF_8);
        writeAtomically(root.resolve(LATEST), out -> out.write(json));
        try (Stream<Path> older = Files.list(root)) {
            for (Path old : older.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals(info.directory())
                    && (info.best() == null || !p.getFileName().toString().equals(info.best().directory()))).toList()) {
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
