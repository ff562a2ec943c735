package io.clusterstream.core.snapshot;

import io.clusterstream.core.snapshot.FileSnapshotStore.ArtifactField;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Snapshots read from a remote store: a version counts as published only when its {@code manifest.json} exists
 * (publishers write it last), and loading copies the manifest and its relative artifacts into a local staging
 * directory, where {@link FileSnapshotStore} verifies sizes and SHA-256 digests as for a local store. So a corrupt
 * remote artifact is rejected exactly as a corrupt local one.
 */
public final class StagedSnapshotSource implements SnapshotSource {

    private static final Pattern VERSION_DIRECTORY = Pattern.compile("v([0-9]{10,19})");

    private final SnapshotObjects objects;
    private final FileSnapshotStore staging;

    public StagedSnapshotSource(SnapshotObjects objects, Path stagingRoot) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.staging = new FileSnapshotStore(stagingRoot);
    }

    @Override
    public List<Long> versions(String modelId) throws IOException {
        staging.versionDirectory(modelId, 1); // validates the model id
        List<Long> versions = new ArrayList<>();
        for (String name : objects.children(modelId)) {
            Matcher matcher = VERSION_DIRECTORY.matcher(name);
            if (matcher.matches() && objects.exists(modelId + "/" + name + "/" + FileSnapshotStore.MANIFEST_FILE)) {
                try {
                    long version = Long.parseLong(matcher.group(1));
                    if (version >= 1) {
                        versions.add(version);
                    }
                } catch (NumberFormatException e) {
                    // beyond the long range: not a version this store can name
                }
            }
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public Snapshot load(String modelId, long version) throws IOException {
        Path directory = staging.versionDirectory(modelId, version);
        String prefix = versionKey(modelId, version);
        String manifestKey = prefix + FileSnapshotStore.MANIFEST_FILE;
        if (!objects.exists(manifestKey)) {
            throw new SnapshotNotFoundException(modelId, version);
        }
        deleteRecursively(directory);
        Files.createDirectories(directory);
        byte[] manifestBytes;
        try (InputStream in = objects.open(manifestKey)) {
            manifestBytes = in.readAllBytes();
        }
        SnapshotManifest manifest;
        try {
            manifest = ManifestCodec.fromJson(new String(manifestBytes, StandardCharsets.UTF_8));
        } catch (SnapshotRejectedException e) {
            throw new SnapshotRejectedException(
                    "snapshot " + modelId + " v" + version + " (" + objects.describe() + "/" + manifestKey + ")",
                    e.problems());
        }
        for (ArtifactField field : ArtifactField.of(manifest)) {
            stageArtifact(field.artifact().getUri(), prefix, directory);
        }
        Files.write(directory.resolve(FileSnapshotStore.MANIFEST_FILE), manifestBytes);
        return staging.load(modelId, version);
    }

    /** Copies a relative artifact that stays inside the version; other URIs are left to the verifier to judge. */
    private void stageArtifact(String uri, String prefix, Path directory) throws IOException {
        List<SnapshotProblem> ignored = new ArrayList<>();
        var local = ArtifactLocations.resolve("artifact", uri, directory, ignored);
        if (local.isEmpty() || !local.get().startsWith(directory) || !objects.exists(prefix + uri)) {
            return;
        }
        Files.createDirectories(local.get().getParent());
        try (InputStream in = objects.open(prefix + uri)) {
            Files.copy(in, local.get(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String versionKey(String modelId, long version) {
        return modelId + "/" + String.format(Locale.ROOT, "v%010d", version) + "/";
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
