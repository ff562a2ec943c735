package io.clusterstream.core.snapshot;

import static io.clusterstream.core.snapshot.SnapshotFixtures.ENCODER;
import static io.clusterstream.core.snapshot.SnapshotFixtures.QUEUE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {

    @TempDir
    Path temp;

    private Path root;
    private FileSnapshotStore store;

    @BeforeEach
    void createStore() {
        root = temp.resolve("snapshots");
        store = new FileSnapshotStore(root);
    }

    @Test
    void publishThenLoadRoundTrips() throws IOException {
        Snapshot published = store.publish(draft("digits", 1));

        Path directory = root.resolve("digits").resolve("v0000000001");
        assertEquals(directory, published.directory());
        assertTrue(Files.isRegularFile(directory.resolve(FileSnapshotStore.MANIFEST_FILE)));
        assertArrayEquals(SnapshotFixtures.encoderBytes(), Files.readAllBytes(published.encoder()));
        assertEquals(SnapshotFixtures.sha256(SnapshotFixtures.encoderBytes()),
                published.manifest().getEncoder().getSha256());
        assertEquals(SnapshotFixtures.encoderBytes().length, published.manifest().getEncoder().getSizeBytes());
        assertEquals(ENCODER, published.manifest().getEncoder().getUri());

        Snapshot loaded = store.load("digits", 1);
        assertEquals(published.manifest(), loaded.manifest());
        assertEquals(published.encoder(), loaded.encoder());
        assertEquals(List.of(), hiddenFiles(directory));
    }

    @Test
    void publishedManifestIsTheDraftWithChecksumsFilledIn() throws IOException {
        SnapshotManifest draftManifest = SnapshotFixtures.prototypeDraftManifest("digits", 1).build();
        Snapshot published = store.publish(SnapshotDraft.builder(draftManifest)
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .build());

        SnapshotManifest.Builder expected = draftManifest.toBuilder();
        expected.getEncoderBuilder()
                .setSha256(SnapshotFixtures.sha256(SnapshotFixtures.encoderBytes()))
                .setSizeBytes(SnapshotFixtures.encoderBytes().length);
        assertEquals(expected.build(), published.manifest());
        String json = Files.readString(published.directory().resolve(FileSnapshotStore.MANIFEST_FILE));
        assertEquals(published.manifest(), ManifestCodec.fromJson(json));
    }

    @Test
    void publishesMiceSnapshotsWithQueueAndWeightsFromFiles() throws IOException {
        Path queueSource = Files.write(temp.resolve("queue-source.bin"), SnapshotFixtures.queueBytes());
        Path weightsSource = Files.write(temp.resolve("weights-source.bin"), new byte[] {9, 8, 7});
        SnapshotManifest manifest = SnapshotFixtures.miceDraftManifest("cifar-mice", 3)
                .setParentVersion(2)
                .setTrainingWeights(io.clusterstream.schemas.v1.Artifact.newBuilder().setUri("weights.bin"))
                .build();

        Snapshot published = store.publish(SnapshotDraft.builder(manifest)
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .file(QUEUE, queueSource)
                .file("weights.bin", weightsSource)
                .build());

        Snapshot loaded = store.load("cifar-mice", 3);
        assertArrayEquals(SnapshotFixtures.queueBytes(), Files.readAllBytes(loaded.queue().orElseThrow()));
        assertArrayEquals(new byte[] {9, 8, 7}, Files.readAllBytes(loaded.trainingWeights().orElseThrow()));
        assertEquals(published.manifest(), loaded.manifest());
    }

    @Test
    void refusesToPublishAVersionTwice() throws IOException {
        store.publish(draft("digits", 1));
        byte[] manifestBefore = Files.readAllBytes(manifestFile("digits", 1));

        SnapshotDraft again = SnapshotDraft.builder(SnapshotFixtures.prototypeDraftManifest("digits", 1).build())
                .bytes(ENCODER, new byte[] {1, 2, 3})
                .build();
        SnapshotException e = assertThrows(SnapshotException.class, () -> store.publish(again));
        assertTrue(e instanceof SnapshotVersionExistsException);

        assertArrayEquals(manifestBefore, Files.readAllBytes(manifestFile("digits", 1)));
        assertArrayEquals(SnapshotFixtures.encoderBytes(),
                Files.readAllBytes(store.versionDirectory("digits", 1).resolve(ENCODER)));
        store.load("digits", 1);
    }

    @Test
    void latestPicksTheHighestVersion() throws IOException {
        assertEquals(Optional.empty(), store.latest("digits"));
        assertEquals(1, store.nextVersion("digits"));

        store.publish(draft("digits", 2));
        store.publish(draft("digits", 10));
        store.publish(draft("digits", 1));
        store.publish(draft("letters", 40));

        assertEquals(List.of(1L, 2L, 10L), store.versions("digits"));
        assertEquals(10, store.latest("digits").orElseThrow().version());
        assertEquals(11, store.nextVersion("digits"));
        assertEquals(List.of("digits", "letters"), store.modelIds());
    }

    @Test
    void versionWithoutManifestIsInvisible() throws IOException {
        store.publish(draft("digits", 1));
        Path crashed = Files.createDirectories(store.versionDirectory("digits", 2));
        Files.write(crashed.resolve(ENCODER), SnapshotFixtures.encoderBytes());
        Files.write(crashed.resolve(".manifest.json.1234abcd.tmp"), new byte[] {'{'});
        Files.createDirectories(store.versionDirectory("orphan", 1));

        assertEquals(List.of(1L), store.versions("digits"));
        assertEquals(1, store.latest("digits").orElseThrow().version());
        assertThrows(SnapshotNotFoundException.class, () -> store.load("digits", 2));
        assertEquals(List.of("digits"), store.modelIds());
        assertEquals(2, store.nextVersion("digits"));

        // The next publish of that version completes it.
        store.publish(draft("digits", 2));
        assertEquals(2, store.latest("digits").orElseThrow().version());
    }

    @Test
    void ignoresUnrelatedEntries() throws IOException {
        store.publish(draft("digits", 1));
        Files.createDirectories(root.resolve(".trash"));
        Files.createDirectories(root.resolve("digits").resolve("latest"));
        Files.createDirectories(root.resolve("digits").resolve("v12"));
        Files.writeString(root.resolve("README"), "not a model");

        assertEquals(List.of("digits"), store.modelIds());
        assertEquals(List.of(1L), store.versions("digits"));
    }

    @Test
    void tamperedArtifactIsRejectedOnLoad() throws IOException {
        Snapshot published = store.publish(draft("digits", 1));
        byte[] bytes = Files.readAllBytes(published.encoder());
        bytes[0] ^= 0x7F;
        Files.write(published.encoder(), bytes);

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.load("digits", 1));
        assertTrue(e.hasReason(RejectionReason.CHECKSUM_MISMATCH));
        assertThrows(SnapshotRejectedException.class, () -> store.latest("digits"));
    }

    @Test
    void unknownJsonFieldsInAStoredManifestAreIgnored() throws IOException {
        Snapshot published = store.publish(draft("digits", 1));
        Path manifestFile = manifestFile("digits", 1);
        String json = Files.readString(manifestFile);
        Files.writeString(manifestFile, json.replaceFirst("\\{", "{\n  \"written_by\": \"a newer trainer\","));

        assertEquals(published.manifest(), store.load("digits", 1).manifest());
    }

    @Test
    void storedManifestWithFormatVersionTwoIsRejected() throws IOException {
        store.publish(draft("digits", 1));
        Path manifestFile = manifestFile("digits", 1);
        Files.writeString(manifestFile,
                Files.readString(manifestFile).replace("\"format_version\": 1", "\"format_version\": 2"));

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.load("digits", 1));
        assertTrue(e.hasReason(RejectionReason.UNSUPPORTED_FORMAT));
    }

    @Test
    void manifestMustMatchItsDirectory() throws IOException {
        store.publish(draft("digits", 1));
        Path moved = Files.createDirectories(store.versionDirectory("digits", 5));
        Files.copy(manifestFile("digits", 1), moved.resolve(FileSnapshotStore.MANIFEST_FILE));
        Files.copy(store.versionDirectory("digits", 1).resolve(ENCODER), moved.resolve(ENCODER));

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.load("digits", 5));
        assertEquals(List.of("model.version"), e.problems().stream().map(SnapshotProblem::field).toList());
    }

    @Test
    void invalidDraftIsRejectedBeforeAnythingIsWritten() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1);
        manifest.getHeadBuilder().getPrototypeBuilder().setPrototypes(0, Float.NaN);
        SnapshotDraft draft = SnapshotDraft.builder(manifest.build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .build();

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.publish(draft));
        assertTrue(e.hasReason(RejectionReason.NON_FINITE_VALUE));
        assertFalse(Files.exists(root));
    }

    @Test
    void failedVerificationAfterCopyingCleansUp() throws IOException {
        // The queue's size only shows once the file is written, so this fails after the artifacts are in place.
        SnapshotDraft draft = SnapshotDraft.builder(SnapshotFixtures.miceDraftManifest("digits", 1).build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .bytes(QUEUE, SnapshotFixtures.floatBytes(7))
                .build();

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.publish(draft));
        assertTrue(e.hasReason(RejectionReason.DIMENSION_MISMATCH));
        assertFalse(Files.exists(store.versionDirectory("digits", 1)));
        assertEquals(List.of(), store.versions("digits"));
    }

    @Test
    void failedPublishIntoAnExistingVersionDirectoryLeavesNoTemporaryFiles() throws IOException {
        Path leftover = Files.createDirectories(store.versionDirectory("digits", 1));
        Files.writeString(leftover.resolve("notes.txt"), "left by a crashed publish");
        SnapshotDraft draft = SnapshotDraft.builder(SnapshotFixtures.miceDraftManifest("digits", 1).build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .bytes(QUEUE, SnapshotFixtures.floatBytes(7))
                .build();

        assertThrows(SnapshotRejectedException.class, () -> store.publish(draft));
        try (Stream<Path> files = Files.list(leftover)) {
            assertEquals(List.of(leftover.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void draftChecksumsMustMatchTheSuppliedBytes() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1);
        manifest.getEncoderBuilder().setSha256(SnapshotFixtures.sha256(new byte[] {1}));
        SnapshotDraft draft = SnapshotDraft.builder(manifest.build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .build();

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class, () -> store.publish(draft));
        assertEquals(List.of(RejectionReason.CHECKSUM_MISMATCH),
                e.problems().stream().map(SnapshotProblem::reason).toList());
        assertEquals(List.of(), store.versions("digits"));
    }

    @Test
    void draftMustSupplyEveryRelativeArtifactAndNothingElse() {
        SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1).build();

        SnapshotRejectedException missing = assertThrows(SnapshotRejectedException.class,
                () -> store.publish(SnapshotDraft.builder(manifest).build()));
        assertTrue(missing.hasReason(RejectionReason.MISSING_ARTIFACT));

        SnapshotDraft extra = SnapshotDraft.builder(manifest)
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .bytes("unused.bin", new byte[] {1})
                .build();
        assertThrows(IllegalArgumentException.class, () -> store.publish(extra));
    }

    @Test
    void pathTraversalIsRejected() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1);
        manifest.getEncoderBuilder().setUri("../../outside.onnx");
        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class,
                () -> store.publish(SnapshotDraft.builder(manifest.build()).build()));
        assertTrue(e.hasReason(RejectionReason.UNSAFE_PATH));
        assertFalse(Files.exists(temp.resolve("outside.onnx")));

        // A stored manifest that points outside its directory is rejected on load as well.
        store.publish(draft("digits", 2));
        Path manifestFile = manifestFile("digits", 2);
        Files.writeString(manifestFile, Files.readString(manifestFile, StandardCharsets.UTF_8)
                .replace("\"uri\": \"encoder.onnx\"", "\"uri\": \"../v0000000001/encoder.onnx\""));
        SnapshotRejectedException onLoad =
                assertThrows(SnapshotRejectedException.class, () -> store.load("digits", 2));
        assertTrue(onLoad.hasReason(RejectionReason.UNSAFE_PATH));

        assertThrows(IllegalArgumentException.class, () -> SnapshotDraft.builder(manifest.build())
                .bytes("../outside.onnx", new byte[] {1}));
    }

    @Test
    void modelIdsMustBeSafe() {
        for (String unsafe : List.of("", "..", ".hidden", "a/b", "../digits", "with space", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> store.versions(unsafe), unsafe);
            assertThrows(IllegalArgumentException.class, () -> store.load(unsafe, 1), unsafe);
        }
        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class,
                () -> store.publish(draft("../escape", 1)));
        assertTrue(e.hasReason(RejectionReason.INVALID_VALUE));
        assertFalse(Files.exists(temp.resolve("escape")));
    }

    @Test
    void versionsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> store.load("digits", 0));
        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class,
                () -> store.publish(draft("digits", 0)));
        assertTrue(e.hasReason(RejectionReason.MISSING_FIELD));
    }

    @Test
    void readersOfAnEmptyStoreFindNothing() throws IOException {
        assertEquals(List.of(), store.modelIds());
        assertEquals(List.of(), store.versions("digits"));
        assertEquals(Optional.empty(), store.latest("digits"));
        assertThrows(SnapshotNotFoundException.class, () -> store.load("digits", 1));
    }

    private static SnapshotDraft draft(String modelId, long version) {
        return SnapshotDraft.builder(SnapshotFixtures.prototypeDraftManifest(modelId, version).build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .build();
    }

    private Path manifestFile(String modelId, long version) {
        return store.versionDirectory(modelId, version).resolve(FileSnapshotStore.MANIFEST_FILE);
    }

    private static List<Path> hiddenFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
