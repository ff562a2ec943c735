package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots on a local (or mounted) filesystem, laid out as {@code <root>/<model_id>/v<version, 10 digits>/} with
 * {@code manifest.json} next to the artifacts.
 *
 * <p>Publishing writes every artifact first (temporary file, fsync, atomic rename), then the manifest last the same
 * way, so a version becomes visible only once it is complete: a version directory without {@code manifest.json},
 * such as one left by a crash mid-publish, is invisible to every reader and is reused by the next publish of that
 * version. Published versions are never overwritten. Hidden (dot) files are the store's temporary files and are
 * ignored.
 *
 * <p>One publisher per model id is assumed: the refusal to overwrite is checked before the final rename, so two
 * processes publishing the same version at the same instant are not excluded from each other.
 */
public final class FileSnapshotStore implements SnapshotSource {

    /** File name of the manifest inside a version directory. */
    public static final String MANIFEST_FILE = "manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotStore.class);
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("v([0-9]{10,19})");

    private final Path root;

    /** A store rooted at {@code root}; the directory is created on first publish. */
    public FileSnapshotStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The directory a version lives in, whether or not it is published. */
    public Path versionDirectory(String modelId, long version) {
        requireValidModelId(modelId);
        requireValidVersion(version);
        return root.resolve(modelId).resolve(String.format(Locale.ROOT, "v%010d", version));
    }

    /**
     * Publishes a draft: copies its artifacts into the version directory, fills their SHA-256 and sizes into the
     * manifest, verifies the result and finally writes {@code manifest.json}. On failure every file this call wrote
     * is removed again.
     *
     * @return the published snapshot
     * @throws IllegalArgumentException        if the model id is unsafe or the draft has artifacts the manifest does
     *                                         not reference
     * @throws SnapshotVersionExistsException  if the version is already published
     * @throws SnapshotRejectedException       if the manifest is invalid, an artifact is not supplied, or supplied
     *                                         checksums disagree with the bytes
     * @throws IOException                     if the filesystem fails
     */
    public Snapshot publish(SnapshotDraft draft) throws IOException {
        SnapshotManifest draftManifest = draft.manifest();
        String modelId = draftManifest.getModel().getModelId();
        long version = draftManifest.getModel().getVersion();
        String subject = SnapshotVerifier.describe(draftManifest);

        List<SnapshotProblem> problems = new ArrayList<>();
        if (!modelId.isEmpty() && !MODEL_ID.matcher(modelId).matches()) {
            problems.add(new SnapshotProblem(RejectionReason.INVALID_VALUE, "model.model_id", modelIdRule(modelId)));
        }
        Path directory = problems.isEmpty() && !modelId.isEmpty() && version >= 1
                ? versionDirectory(modelId, version)
                : root.resolve("invalid");
        problems.addAll(SnapshotVerifier.contentProblems(draftManifest, directory));
        problems.addAll(missingDraftArtifacts(draft));
        if (!problems.isEmpty()) {
            throw new SnapshotRejectedException(subject, problems);
        }
        if (Files.exists(directory.resolve(MANIFEST_FILE))) {
            throw new SnapshotVersionExistsException(modelId, version);
        }

        Publication publication = new Publication(draft, directory);
        try {
            Snapshot snapshot = publication.run();
            LOG.info("published snapshot {} v{} to {}", modelId, version, directory);
            return snapshot;
        } catch (IOException | RuntimeException e) {
            publication.rollBack();
            throw e;
        }
    }

    /**
     * The highest published version of {@code modelId}, verified.
     *
     * @throws SnapshotRejectedException if that version fails verification (older versions are not tried)
     */
    public Optional<Snapshot> latest(String modelId) throws IOException {
        List<Long> versions = versions(modelId);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(load(modelId, versions.get(versions.size() - 1)));
    }

    /**
     * Loads and verifies one published version.
     *
     * @throws SnapshotNotFoundException if the version is not published
     * @throws SnapshotRejectedException if its manifest or artifacts fail verification, or the manifest names a
     *                                   different model or version than the directory it is in
     */
    @Override
    public Snapshot load(String modelId, long version) throws IOException {
        Path directory = versionDirectory(modelId, version);
        Path manifestFile = directory.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new SnapshotNotFoundException(modelId, version);
        }
        String subject = "snapshot " + modelId + " v" + version;
        SnapshotManifest manifest;
        try {
            manifest = ManifestCodec.fromJson(Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (SnapshotRejectedException e) {
            throw new SnapshotRejectedException(subject + " (" + manifestFile + ")", e.problems());
        }
        List<SnapshotProblem> identityProblems = new ArrayList<>();
        if (!manifest.getModel().getModelId().equals(modelId)) {
            identityProblems.add(new SnapshotProblem(RejectionReason.INVALID_VALUE, "model.model_id",
                    "manifest names '" + manifest.getModel().getModelId() + "' but is stored under '" + modelId + "'"));
        }
        if (manifest.getModel().getVersion() != version) {
            identityProblems.add(new SnapshotProblem(RejectionReason.INVALID_VALUE, "model.version",
                    "manifest names v" + manifest.getModel().getVersion() + " but is stored as v" + version));
        }
        return SnapshotVerifier.verify(manifest, directory, identityProblems);
    }

    /** Published versions of {@code modelId} in ascending order; empty if there are none. */
    @Override
    public List<Long> versions(String modelId) throws IOException {
        requireValidModelId(modelId);
        Path modelDirectory = root.resolve(modelId);
        List<Long> versions = new ArrayList<>();
        if (!Files.isDirectory(modelDirectory)) {
            return versions;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDirectory)) {
            for (Path entry : entries) {
                Matcher matcher = VERSION_DIRECTORY.matcher(entry.getFileName().toString());
                if (!matcher.matches() || !Files.isRegularFile(entry.resolve(MANIFEST_FILE))) {
                    continue;
                }
                try {
                    long version = Long.parseLong(matcher.group(1));
                    if (version >= 1) {
                        versions.add(version);
                    }
                } catch (NumberFormatException e) {
                    LOG.debug("ignoring version directory {} beyond the long range", entry);
                }
            }
        }
        versions.sort(null);
        return versions;
    }

    /** Model ids with at least one published version, sorted. */
    public List<String> modelIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (MODEL_ID.matcher(name).matches() && !versions(name).isEmpty()) {
                    ids.add(name);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The version the next publish of {@code modelId} should use: one more than the highest published, or 1. */
    public long nextVersion(String modelId) throws IOException {
        List<Long> versions = versions(modelId);
        return versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
    }

    private static List<SnapshotProblem> missingDraftArtifacts(SnapshotDraft draft) {
        List<SnapshotProblem> problems = new ArrayList<>();
        Set<String> referenced = new HashSet<>();
        for (ArtifactField artifact : ArtifactField.of(draft.manifest())) {
            String uri = artifact.artifact().getUri();
            if (draft.hasArtifact(uri)) {
                referenced.add(uri);
            } else if (!uri.isEmpty() && !hasScheme(uri)) {
                problems.add(new SnapshotProblem(RejectionReason.MISSING_ARTIFACT, artifact.field() + ".uri",
                        "the draft supplies no artifact named '" + uri + "'"));
            }
        }
        for (String name : draft.artifactNames()) {
            if (!referenced.contains(name)) {
                throw new IllegalArgumentException("draft artifact '" + name + "' is not referenced by the manifest");
            }
        }
        return problems;
    }

    private static boolean hasScheme(String uri) {
        try {
            return new URI(uri).getScheme() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void requireValidModelId(String modelId) {
        if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
            throw new IllegalArgumentException(modelIdRule(modelId));
        }
    }

    private static String modelIdRule(String modelId) {
        return "model id '" + modelId + "' must be 1 to 128 characters of [A-Za-z0-9._-], not starting with '.'";
    }

    private static void requireValidVersion(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }

    /** An artifact of a manifest and the field path it sits at. */
    record ArtifactField(String field, Artifact artifact) {

        static List<ArtifactField> of(SnapshotManifest manifest) {
            List<ArtifactField> fields = new ArrayList<>();
            if (manifest.hasEncoder()) {
                fields.add(new ArtifactField("encoder", manifest.getEncoder()));
            }
            if (manifest.hasTrainingWeights()) {
                fields.add(new ArtifactField("training_weights", manifest.getTrainingWeights()));
            }
            if (manifest.getHead().hasMicePosterior() && manifest.getHead().getMicePosterior().hasQueue()) {
                Artifact queue = manifest.getHead().getMicePosterior().getQueue();
                fields.add(new ArtifactField("head.mice_posterior.queue", queue));
            }
            return fields;
        }
    }

    /** One publish attempt; remembers what it wrote so that a failure can remove it again. */
    private final class Publication {

        private final SnapshotDraft draft;
        private final Path directory;
        private final List<Path> written = new ArrayList<>();
        private final List<Path> createdDirectories = new ArrayList<>();
        private final List<SnapshotProblem> checksumProblems = new ArrayList<>();

        Publication(SnapshotDraft draft, Path directory) {
            this.draft = draft;
            this.directory = directory;
        }

        Snapshot run() throws IOException {
            createDirectory(root);
            createDirectory(directory.getParent());
            createDirectory(directory);

            SnapshotManifest draftManifest = draft.manifest();
            SnapshotManifest.Builder manifest = draftManifest.toBuilder();
            manifest.setEncoder(place("encoder", draftManifest.getEncoder(), false));
            if (draftManifest.hasTrainingWeights()) {
                manifest.setTrainingWeights(place("training_weights", draftManifest.getTrainingWeights(), false));
            }
            ClusteringHead head = draftManifest.getHead();
            if (head.hasMicePosterior()) {
                Artifact queue = place("head.mice_posterior.queue", head.getMicePosterior().getQueue(), true);
                manifest.getHeadBuilder().getMicePosteriorBuilder().setQueue(queue);
            }
            SnapshotManifest complete = manifest.build();
            Snapshot snapshot = SnapshotVerifier.verify(complete, directory, checksumProblems);

            Path manifestFile = directory.resolve(MANIFEST_FILE);
            byte[] json = (ManifestCodec.toJson(complete) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFiles.Staged staged = AtomicFiles.stage(manifestFile, new ByteArrayInputStream(json), false);
            if (Files.exists(manifestFile)) {
                AtomicFiles.deleteQuietly(staged.temporary());
                throw new SnapshotVersionExistsException(snapshot.modelId(), snapshot.version());
            }
            AtomicFiles.moveIntoPlace(staged.temporary(), manifestFile);
            AtomicFiles.fsyncDirectory(directory);
            return snapshot;
        }

        /**
         * Copies a draft artifact into the version directory and returns it with its checksum and size; an
         * external ({@code file:}) artifact stays where it is and only gets its checksum filled in if it had none.
         */
        private Artifact place(String field, Artifact artifact, boolean floatPayload) throws IOException {
            String name = artifact.getUri();
            ArtifactDigest.Facts facts;
            if (draft.hasArtifact(name)) {
                Path target = directory.resolve(name);
                try (InputStream content = draft.openArtifact(name)) {
                    facts = AtomicFiles.write(target, content, floatPayload);
                }
                written.add(target);
            } else if (artifact.getSha256().isEmpty()) {
                List<SnapshotProblem> unresolved = new ArrayList<>();
                Optional<Path> external = ArtifactLocations.resolve(field + ".uri", name, directory, unresolved);
                if (external.isEmpty() || !Files.isRegularFile(external.get())) {
                    // Verification reports it.
                    return artifact;
                }
                facts = ArtifactDigest.of(external.get(), false);
            } else {
                return artifact;
            }
            if (!artifact.getSha256().isEmpty() && !artifact.getSha256().equals(facts.sha256())) {
                checksumProblems.add(new SnapshotProblem(RejectionReason.CHECKSUM_MISMATCH, field + ".sha256",
                        "draft says " + artifact.getSha256() + " but the supplied bytes hash to " + facts.sha256()));
            }
            if (artifact.getSizeBytes() != 0 && artifact.getSizeBytes() != facts.sizeBytes()) {
                checksumProblems.add(new SnapshotProblem(RejectionReason.CHECKSUM_MISMATCH, field + ".size_bytes",
                        "draft says " + artifact.getSizeBytes() + " bytes but " + facts.sizeBytes()
                                + " were supplied"));
            }
            return artifact.toBuilder().setSha256(facts.sha256()).setSizeBytes(facts.sizeBytes()).build();
        }

        private void createDirectory(Path path) throws IOException {
            if (Files.isDirectory(path)) {
                return;
            }
            Files.createDirectories(path);
            createdDirectories.add(path);
            AtomicFiles.fsyncDirectory(path.getParent());
        }

        void rollBack() {
            for (Path file : written) {
                AtomicFiles.deleteQuietly(file);
            }
            for (int i = createdDirectories.size() - 1; i >= 0; i--) {
                Path created = createdDirectories.get(i);
                try {
                    Files.deleteIfExists(created);
                } catch (DirectoryNotEmptyException e) {
                    LOG.debug("leaving non-empty directory {} after failed publish", created);
                } catch (IOException e) {
                    LOG.warn("could not remove {} after failed publish: {}", created, e.toString());
                }
            }
        }
    }
}
