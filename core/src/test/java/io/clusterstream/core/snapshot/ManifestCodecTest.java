package io.clusterstream.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.Alignment;
import io.clusterstream.schemas.v1.ClusterMatch;
import io.clusterstream.schemas.v1.Evaluation;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.schemas.v1.TrainingReport;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    private static SnapshotManifest richManifest() {
        return SnapshotFixtures.miceDraftManifest("cifar10-mice", 7)
                .setParentVersion(6)
                .setTraining(TrainingReport.newBuilder()
                        .setData("cifar10:train+test").setNumImages(60000).setEpochs(3).setSeed(42)
                        .putHyperparameters("lr", "1.0")
                        .setEvaluation(Evaluation.newBuilder().setAcc(0.8).setNmi(0.7).setAri(0.6)))
                .setAlignment(Alignment.newBuilder().setParentVersion(6).setAgreement(0.9)
                        .addMatches(ClusterMatch.newBuilder().setClusterId(0).setParentClusterId(-1)))
                .build();
    }

    @Test
    void jsonRoundTripIsLossless() {
        SnapshotManifest manifest = richManifest();
        String json = ManifestCodec.toJson(manifest);
        assertEquals(manifest, ManifestCodec.fromJson(json));
    }

    @Test
    void jsonUsesProtoFieldNames() {
        String json = ManifestCodec.toJson(richManifest());
        assertTrue(json.contains("\"format_version\": 1"), json);
        assertTrue(json.contains("\"model_id\": \"cifar10-mice\""), json);
        assertTrue(json.contains("\"reference_proportions\""), json);
    }

    @Test
    void binaryRoundTripIsLosslessAndAgreesWithJson() {
        SnapshotManifest manifest = richManifest();
        byte[] binary = ManifestCodec.toBinary(manifest);
        SnapshotManifest fromBinary = ManifestCodec.fromBinary(binary);
        assertEquals(manifest, fromBinary);
        assertEquals(ManifestCodec.fromJson(ManifestCodec.toJson(manifest)), fromBinary);
        assertArrayEquals(binary, ManifestCodec.toBinary(fromBinary));
    }

    @Test
    void unknownJsonFieldsAreIgnored() {
        SnapshotManifest manifest = SnapshotFixtures.prototypeDraftManifest("digits", 1).build();
        String json = ManifestCodec.toJson(manifest);
        String extended = json.replaceFirst("\\{", "{\n  \"added_in_a_later_release\": {\"nested\": [1, 2]},")
                .replace("\"model_id\":", "\"model_owner\": \"team-x\", \"model_id\":");
        assertEquals(manifest, ManifestCodec.fromJson(extended));
    }

    @Test
    void rejectsOtherFormatVersions() {
        SnapshotManifest v2 = SnapshotFixtures.prototypeDraftManifest("digits", 1).setFormatVersion(2).build();
        String json = ManifestCodec.toJson(SnapshotFixtures.prototypeDraftManifest("digits", 1).build())
                .replace("\"format_version\": 1", "\"format_version\": 2");

        SnapshotRejectedException fromJson =
                assertThrows(SnapshotRejectedException.class, () -> ManifestCodec.fromJson(json));
        assertEquals(RejectionReason.UNSUPPORTED_FORMAT, fromJson.problems().get(0).reason());
        assertTrue(fromJson.getMessage().contains("format_version 2"), fromJson.getMessage());

        SnapshotRejectedException fromBinary =
                assertThrows(SnapshotRejectedException.class, () -> ManifestCodec.fromBinary(v2.toByteArray()));
        assertTrue(fromBinary.hasReason(RejectionReason.UNSUPPORTED_FORMAT));

        SnapshotRejectedException missing = assertThrows(SnapshotRejectedException.class,
                () -> ManifestCodec.fromJson("{\"model\": {\"model_id\": \"digits\"}}"));
        assertTrue(missing.hasReason(RejectionReason.UNSUPPORTED_FORMAT));
    }

    @Test
    void refusesToWriteOtherFormatVersions() {
        SnapshotManifest v2 = SnapshotFixtures.prototypeDraftManifest("digits", 1).setFormatVersion(2).build();
        assertThrows(IllegalArgumentException.class, () -> ManifestCodec.toJson(v2));
        assertThrows(IllegalArgumentException.class, () -> ManifestCodec.toBinary(v2));
    }

    @Test
    void rejectsMalformedInput() {
        SnapshotRejectedException notJson =
                assertThrows(SnapshotRejectedException.class, () -> ManifestCodec.fromJson("{\"format_version\": "));
        assertTrue(notJson.hasReason(RejectionReason.MALFORMED));

        SnapshotRejectedException wrongType = assertThrows(SnapshotRejectedException.class,
                () -> ManifestCodec.fromJson("{\"format_version\": 1, \"num_clusters\": \"many\"}"));
        assertTrue(wrongType.hasReason(RejectionReason.MALFORMED));

        SnapshotRejectedException notProtobuf = assertThrows(SnapshotRejectedException.class,
                () -> ManifestCodec.fromBinary(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertTrue(notProtobuf.hasReason(RejectionReason.MALFORMED));
    }
}
