package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified snapshot: its manifest and the local files its artifacts resolve to. Instances come from {@link
 * SnapshotVerifier#verify} or {@link FileSnapshotStore}, so the checksums and dimensions have been checked.
 */
public final class Snapshot {

    private final SnapshotManifest manifest;
    private final Path directory;
    private final Path encoder;
    private final Path trainingWeights;
    private final Path queue;

    Snapshot(SnapshotManifest manifest, Path directory, Path encoder, Path trainingWeights, Path queue) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.trainingWeights = trainingWeights;
        this.queue = queue;
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    public String modelId() {
        return manifest.getModel().getModelId();
    }

    public long version() {
        return manifest.getModel().getVersion();
    }

    /** The directory holding {@code manifest.json}, against which relative artifact URIs resolve. */
    public Path directory() {
        return directory;
    }

    /** The ONNX encoder file. */
    public Path encoder() {
        return encoder;
    }

    /** The training-state file, when the snapshot has one. */
    public Optional<Path> trainingWeights() {
        return Optional.ofNullable(trainingWeights);
    }

    /** The frozen MiCE queue file, when the head is a MiCE posterior head. */
    public Optional<Path> queue() {
        return Optional.ofNullable(queue);
    }

    @Override
    public String toString() {
        return "Snapshot[" + modelId() + " v" + version() + " at " + directory + "]";
    }
}
