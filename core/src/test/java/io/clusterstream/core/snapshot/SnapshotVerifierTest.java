package io.clusterstream.core.snapshot;

import static io.clusterstream.core.snapshot.SnapshotFixtures.ENCODER;
import static io.clusterstream.core.snapshot.SnapshotFixtures.QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.MlpHead;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotVerifierTest {

    @TempDir
    Path directory;

    @Test
    void acceptsAValidSnapshotAndResolvesItsArtifacts() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).build();

        assertEquals(List.of(), SnapshotVerifier.problems(manifest, directory));
        Snapshot snapshot = SnapshotVerifier.verify(manifest, directory);
        assertEquals(directory.resolve(ENCODER).toAbsolutePath().normalize(), snapshot.encoder());
        assertTrue(snapshot.trainingWeights().isEmpty());
        assertTrue(snapshot.queue().isEmpty());
        assertEquals("digits", snapshot.modelId());
        assertEquals(1, snapshot.version());
    }

    @Test
    void tamperedArtifactIsAChecksumMismatch() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).build();
        byte[] bytes = Files.readAllBytes(directory.resolve(ENCODER));
        bytes[1234] ^= 0x01;
        Files.write(directory.resolve(ENCODER), bytes);

        SnapshotRejectedException e =
                assertThrows(SnapshotRejectedException.class, () -> SnapshotVerifier.verify(manifest, directory));
        assertEquals(Set.of(RejectionReason.CHECKSUM_MISMATCH), e.reasons());
        assertEquals("encoder.sha256", e.problems().get(0).field());
    }

    @Test
    void truncatedArtifactIsAChecksumMismatch() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).build();
        Files.write(directory.resolve(ENCODER), new byte[10]);

        assertEquals(Set.of(RejectionReason.CHECKSUM_MISMATCH), reasons(manifest));
    }

    @Test
    void absentArtifactIsMissing() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).build();
        Files.delete(directory.resolve(ENCODER));

        assertEquals(Set.of(RejectionReason.MISSING_ARTIFACT), reasons(manifest));
    }

    @Test
    void missingChecksumIsAMissingField() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        manifest.getEncoderBuilder().clearSha256();

        assertEquals(Set.of(RejectionReason.MISSING_FIELD), reasons(manifest.build()));
    }

    @Test
    void prototypeCountMustBeKTimesD() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        manifest.getHeadBuilder().getPrototypeBuilder().addPrototypes(0.5f);

        List<SnapshotProblem> problems = SnapshotVerifier.problems(manifest.build(), directory);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(RejectionReason.DIMENSION_MISMATCH, problems.get(0).reason());
        assertEquals("head.prototype.prototypes", problems.get(0).field());
    }

    @Test
    void embeddingDimMustMatchTheHead() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).setEmbeddingDim(8).build();
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(manifest));
    }

    @Test
    void nanInAPrototypeIsNonFinite() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        manifest.getHeadBuilder().getPrototypeBuilder().setPrototypes(5, Float.NaN);

        List<SnapshotProblem> problems = SnapshotVerifier.problems(manifest.build(), directory);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(RejectionReason.NON_FINITE_VALUE, problems.get(0).reason());
        assertTrue(problems.get(0).detail().contains("index 5"), problems.get(0).detail());
    }

    @Test
    void temperatureMustBePositiveAndFinite() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        manifest.getHeadBuilder().getPrototypeBuilder().setTemperature(Float.POSITIVE_INFINITY);
        assertEquals(Set.of(RejectionReason.NON_FINITE_VALUE), reasons(manifest.build()));

        manifest.getHeadBuilder().getPrototypeBuilder().setTemperature(-1f);
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(manifest.build()));
    }

    @Test
    void preprocessingMustBeConsistent() throws IOException {
        SnapshotManifest.Builder channels = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        channels.getPreprocessingBuilder().setChannels(2);
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(channels.build()));

        SnapshotManifest.Builder grey = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        grey.getPreprocessingBuilder().setChannels(1);
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(grey.build()));

        SnapshotManifest.Builder zeroStd = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        zeroStd.getPreprocessingBuilder().setStd(1, 0f);
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(zeroStd.build()));

        SnapshotManifest.Builder nanMean = SnapshotFixtures.writtenPrototypeSnapshot(directory);
        nanMean.getPreprocessingBuilder().setMean(0, Float.NaN);
        assertEquals(Set.of(RejectionReason.NON_FINITE_VALUE), reasons(nanMean.build()));
    }

    @Test
    void mlpHeadDimensionsMustChain() throws IOException {
        SnapshotManifest.Builder valid = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setHead(ClusteringHead.newBuilder().setMlp(MlpHead.newBuilder()
                        .addLayers(layer(SnapshotFixtures.D, 5))
                        .addLayers(layer(5, SnapshotFixtures.K))));
        assertEquals(List.of(), SnapshotVerifier.problems(valid.build(), directory));

        SnapshotManifest.Builder broken = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setHead(ClusteringHead.newBuilder().setMlp(MlpHead.newBuilder()
                        .addLayers(layer(SnapshotFixtures.D, 5))
                        .addLayers(layer(6, 2))));
        List<SnapshotProblem> problems = SnapshotVerifier.problems(broken.build(), directory);
        assertEquals(List.of("head.mlp.layers[1].in_dim", "head.mlp.layers[1].out_dim"),
                problems.stream().map(SnapshotProblem::field).toList());
        assertTrue(problems.stream().allMatch(p -> p.reason() == RejectionReason.DIMENSION_MISMATCH));

        SnapshotManifest.Builder shortBias = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setHead(ClusteringHead.newBuilder().setMlp(MlpHead.newBuilder()
                        .addLayers(layer(SnapshotFixtures.D, SnapshotFixtures.K).toBuilder().clearBias().addBias(0f))));
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(shortBias.build()));
    }

    @Test
    void miceHeadChecksItsQueueFile() throws IOException {
        SnapshotManifest.Builder manifest = miceSnapshot(SnapshotFixtures.queueBytes());
        Snapshot snapshot = SnapshotVerifier.verify(manifest.build(), directory);
        assertEquals(directory.resolve(QUEUE).toAbsolutePath().normalize(), snapshot.queue().orElseThrow());

        manifest.getHeadBuilder().getMicePosteriorBuilder().setQueueSize(SnapshotFixtures.QUEUE_SIZE + 1);
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(manifest.build()));
    }

    @Test
    void nanInTheQueueIsNonFinite() throws IOException {
        byte[] queue = SnapshotFixtures.queueBytes();
        ByteBuffer.wrap(queue).order(ByteOrder.LITTLE_ENDIAN).putFloat(8 * Float.BYTES, Float.NaN);
        assertEquals(Set.of(RejectionReason.NON_FINITE_VALUE), reasons(miceSnapshot(queue).build()));
    }

    @Test
    void miceHeadLengthsFollowGateAndExpertDims() throws IOException {
        SnapshotManifest.Builder manifest = miceSnapshot(SnapshotFixtures.queueBytes());
        manifest.getHeadBuilder().getMicePosteriorBuilder().setGateDim(SnapshotFixtures.GATE_DIM + 1);
        List<SnapshotProblem> problems = SnapshotVerifier.problems(manifest.build(), directory);
        assertEquals(List.of("embedding_dim", "head.mice_posterior.gating_prototypes"),
                problems.stream().map(SnapshotProblem::field).toList());
        assertTrue(problems.stream().allMatch(p -> p.reason() == RejectionReason.DIMENSION_MISMATCH));
    }

    @Test
    void miceEmbeddingHoldsTheGateAndBothExpertSets() throws IOException {
        SnapshotManifest.Builder manifest = miceSnapshot(SnapshotFixtures.queueBytes());
        manifest.setEmbeddingDim(SnapshotFixtures.GATE_DIM + SnapshotFixtures.K * SnapshotFixtures.EXPERT_DIM);
        List<SnapshotProblem> problems = SnapshotVerifier.problems(manifest.build(), directory);
        assertEquals(List.of("embedding_dim"), problems.stream().map(SnapshotProblem::field).toList());
    }

    @Test
    void referenceProportionsMustBeADistributionOverK() throws IOException {
        SnapshotManifest.Builder wrongSum = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setReferenceProportions(2, 0.25);
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(wrongSum.build()));

        SnapshotManifest.Builder negative = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setReferenceProportions(0, 0.9).setReferenceProportions(1, -0.1);
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(negative.build()));

        SnapshotManifest.Builder wrongLength = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .clearReferenceProportions().addReferenceProportions(0.5).addReferenceProportions(0.5);
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(wrongLength.build()));

        SnapshotManifest.Builder empty = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .clearReferenceProportions();
        assertEquals(List.of(), SnapshotVerifier.problems(empty.build(), directory));
    }

    @Test
    void clustersAreIndexedByIdWithUniqueKeys() throws IOException {
        SnapshotManifest.Builder duplicateKey = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setClusters(2, ClusterInfo.newBuilder().setClusterId(2).setKey("key-0"));
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(duplicateKey.build()));

        SnapshotManifest.Builder wrongId = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setClusters(1, ClusterInfo.newBuilder().setClusterId(7).setKey("key-1"));
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(wrongId.build()));

        SnapshotManifest.Builder emptyKey = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setClusters(1, ClusterInfo.newBuilder().setClusterId(1));
        assertEquals(Set.of(RejectionReason.MISSING_FIELD), reasons(emptyKey.build()));

        SnapshotManifest.Builder tooFew = SnapshotFixtures.writtenPrototypeSnapshot(directory).removeClusters(2);
        assertEquals(Set.of(RejectionReason.DIMENSION_MISMATCH), reasons(tooFew.build()));
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setFormatVersion(2)
                .setReferenceProportions(0, Double.NaN);
        List<Float> prototypes = List.copyOf(manifest.getHead().getPrototype().getPrototypesList());
        manifest.getHeadBuilder().getPrototypeBuilder()
                .clearPrototypes()
                .addAllPrototypes(prototypes.subList(1, prototypes.size()));
        manifest.getPreprocessingBuilder().setChannels(1);
        Files.write(directory.resolve(ENCODER), new byte[1]);

        SnapshotRejectedException e = assertThrows(SnapshotRejectedException.class,
                () -> SnapshotVerifier.verify(manifest.build(), directory));
        assertEquals(EnumSet.of(RejectionReason.UNSUPPORTED_FORMAT, RejectionReason.DIMENSION_MISMATCH,
                RejectionReason.NON_FINITE_VALUE, RejectionReason.CHECKSUM_MISMATCH), e.reasons());
        assertTrue(e.problems().size() >= 5, e.problems().toString());
    }

    @Test
    void emptyManifestListsMissingFields() {
        List<SnapshotProblem> problems = SnapshotVerifier.problems(SnapshotManifest.getDefaultInstance(), directory);
        List<String> fields = problems.stream().map(SnapshotProblem::field).toList();
        assertTrue(fields.containsAll(List.of("format_version", "model.model_id", "model.version", "algorithm",
                "num_clusters", "embedding_dim", "preprocessing", "encoder", "encoder_signature.input_name", "head")),
                fields.toString());
    }

    @Test
    void relativeUrisMayNotEscapeTheDirectory() throws IOException {
        Path snapshotDirectory = Files.createDirectory(directory.resolve("snap"));
        Artifact outside = SnapshotFixtures.writeArtifact(directory, "outside.onnx", SnapshotFixtures.encoderBytes());
        for (String uri : List.of("../outside.onnx", "sub/../../outside.onnx", "./..", "/etc/passwd")) {
            SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1)
                    .setEncoder(outside.toBuilder().setUri(uri))
                    .build();
            assertEquals(Set.of(RejectionReason.UNSAFE_PATH), reasons(manifest, snapshotDirectory), uri);
        }
    }

    @Test
    void relativeUrisMayUseSubdirectoriesInside() throws IOException {
        Files.createDirectory(directory.resolve("models"));
        Artifact encoder =
                SnapshotFixtures.writeArtifact(directory, "models/enc.onnx", SnapshotFixtures.encoderBytes());
        SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1)
                .setEncoder(encoder.toBuilder().setUri("models/./x/../enc.onnx"))
                .build();
        assertEquals(List.of(), SnapshotVerifier.problems(manifest, directory));
    }

    @Test
    void absoluteFileUrisAreUsedAsTheyAre() throws IOException {
        Path snapshotDirectory = Files.createDirectory(directory.resolve("snap"));
        Artifact outside = SnapshotFixtures.writeArtifact(directory, "shared.onnx", SnapshotFixtures.encoderBytes());
        String uri = directory.resolve("shared.onnx").toUri().toString();
        SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1)
                .setEncoder(outside.toBuilder().setUri(uri))
                .build();

        Snapshot snapshot = SnapshotVerifier.verify(manifest, snapshotDirectory);
        assertEquals(directory.resolve("shared.onnx").toAbsolutePath().normalize(), snapshot.encoder());
    }

    @Test
    void otherSchemesAreUnsupported() throws IOException {
        Artifact encoder = SnapshotFixtures.writeArtifact(directory, ENCODER, SnapshotFixtures.encoderBytes());
        for (String uri : List.of("s3://bucket/encoder.onnx", "https://example.org/encoder.onnx",
                "encoder.onnx?v=2", "not a uri")) {
            SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1)
                    .setEncoder(encoder.toBuilder().setUri(uri))
                    .build();
            assertEquals(Set.of(RejectionReason.UNSUPPORTED_URI), reasons(manifest), uri);
        }
    }

    @Test
    void optionalTrainingWeightsAreCheckedWhenPresent() throws IOException {
        Artifact weights = SnapshotFixtures.writeArtifact(directory, "weights.bin", new byte[] {1, 2, 3});
        SnapshotManifest.Builder manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory)
                .setTrainingWeights(weights);
        Snapshot snapshot = SnapshotVerifier.verify(manifest.build(), directory);
        assertEquals(directory.resolve("weights.bin").toAbsolutePath().normalize(),
                snapshot.trainingWeights().orElseThrow());

        Files.delete(directory.resolve("weights.bin"));
        assertEquals(Set.of(RejectionReason.MISSING_ARTIFACT), reasons(manifest.build()));
    }

    @Test
    void parentVersionMustPrecedeTheVersion() throws IOException {
        SnapshotManifest manifest = SnapshotFixtures.writtenPrototypeSnapshot(directory).setParentVersion(1).build();
        assertEquals(Set.of(RejectionReason.INVALID_VALUE), reasons(manifest));
        assertFalse(SnapshotVerifier.problems(manifest.toBuilder().setParentVersion(0).build(), directory)
                .stream().anyMatch(p -> p.field().equals("parent_version")));
    }

    private SnapshotManifest.Builder miceSnapshot(byte[] queue) throws IOException {
        SnapshotManifest.Builder manifest = SnapshotFixtures.miceDraftManifest("digits", 1)
                .setEncoder(SnapshotFixtures.writeArtifact(directory, ENCODER, SnapshotFixtures.encoderBytes()));
        manifest.getHeadBuilder().getMicePosteriorBuilder()
                .setQueue(SnapshotFixtures.writeArtifact(directory, QUEUE, queue));
        return manifest;
    }

    private static DenseLayer layer(int in, int out) {
        DenseLayer.Builder layer = DenseLayer.newBuilder().setInDim(in).setOutDim(out);
        for (int i = 0; i < in * out; i++) {
            layer.addWeight(0.1f);
        }
        for (int i = 0; i < out; i++) {
            layer.addBias(0f);
        }
        return layer.build();
    }

    private Set<RejectionReason> reasons(SnapshotManifest manifest) {
        return reasons(manifest, directory);
    }

    private static Set<RejectionReason> reasons(SnapshotManifest manifest, Path manifestDirectory) {
        Set<RejectionReason> reasons = EnumSet.noneOf(RejectionReason.class);
        SnapshotVerifier.problems(manifest, manifestDirectory).forEach(p -> reasons.add(p.reason()));
        return reasons;
    }
}
