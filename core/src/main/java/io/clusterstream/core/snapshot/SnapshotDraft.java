package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A snapshot about to be published: its manifest, whose artifact checksums and sizes may still be empty, and the
 * content of each artifact by name. An artifact whose manifest URI is a plain relative name (e.g. {@code
 * encoder.onnx}) must be supplied here under that name; the store copies it next to the manifest.
 */
public final class SnapshotDraft {

    // Plain file names only, never hidden: the store reserves dot-files for its temporary files.
    private static final Pattern ARTIFACT_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final SnapshotManifest manifest;
    private final Map<String, Source> artifacts;

    private SnapshotDraft(SnapshotManifest manifest, Map<String, Source> artifacts) {
        this.manifest = manifest;
        this.artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    }

    /** Starts a draft for {@code manifest}. */
    public static Builder builder(SnapshotManifest manifest) {
        return new Builder(Objects.requireNonNull(manifest, "manifest"));
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    /** The same artifacts under another manifest, e.g. one whose cluster keys were aligned to the parent version. */
    public SnapshotDraft withManifest(SnapshotManifest replacement) {
        return new SnapshotDraft(Objects.requireNonNull(replacement, "replacement"), artifacts);
    }

    /** Names of the supplied artifacts, in the order they were added. */
    public Set<String> artifactNames() {
        return artifacts.keySet();
    }

    boolean hasArtifact(String name) {
        return artifacts.containsKey(name);
    }

    InputStream openArtifact(String name) throws IOException {
        Source source = artifacts.get(name);
        if (source == null) {
            throw new IllegalArgumentException("draft has no artifact named '" + name + "'");
        }
        return source.open();
    }

    @FunctionalInterface
    private interface Source {
        InputStream open() throws IOException;
    }

    /** Collects the artifacts of a draft. */
    public static final class Builder {

        private final SnapshotManifest manifest;
        private final Map<String, Source> artifacts = new LinkedHashMap<>();

        private Builder(SnapshotManifest manifest) {
            this.manifest = manifest;
        }

        /**
         * Adds an artifact whose content is read from {@code source} at publish time.
         *
         * @throws IllegalArgumentException if the name is not a plain file name or is already used
         */
        public Builder file(String name, Path source) {
            Objects.requireNonNull(source, "source");
            return add(name, () -> Files.newInputStream(source));
        }

        /**
         * Adds an artifact with the given content (copied).
         *
         * @throws IllegalArgumentException if the name is not a plain file name or is already used
         */
        public Builder bytes(String name, byte[] content) {
            byte[] copy = Objects.requireNonNull(content, "content").clone();
            return add(name, () -> new ByteArrayInputStream(copy));
        }

        public SnapshotDraft build() {
            return new SnapshotDraft(manifest, artifacts);
        }

        private Builder add(String name, Source source) {
            Objects.requireNonNull(name, "name");
            if (!ARTIFACT_NAME.matcher(name).matches() || name.equals(FileSnapshotStore.MANIFEST_FILE)) {
                throw new IllegalArgumentException("artifact name '" + name
                        + "' must be a plain file name of [A-Za-z0-9._-], not starting with '.', other than "
                        + FileSnapshotStore.MANIFEST_FILE);
            }
            if (artifacts.putIfAbsent(name, source) != null) {
                throw new IllegalArgumentException("artifact '" + name + "' was already added");
            }
            return this;
        }
    }
}
