package io.clusterstream.core.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clusterstream.core.baseline.ClusterKeys;
import io.clusterstream.schemas.v1.Alignment;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusterMatch;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlignmentResultTest {

    private static final long PARENT_VERSION = 4;
    private static final long CHILD_VERSION = 5;

    /** Parent cluster 0 -> child 1, parent 1 -> child 0, parent 2 splits 80 / 20 into children 2 and 3. */
    private static AlignmentResult splitResult(List<String> parentKeys) {
        Labelings l = new Labelings().block(0, 1, 100).block(1, 0, 50).block(2, 2, 80).block(2, 3, 20);
        return ClusterAlignment.align(l.parentLabels(), l.childLabels(), 3, 4, parentKeys, CHILD_VERSION);
    }

    @Test
    void toProtoCarriesSampleSizeAgreementAndOneMatchPerChildCluster() {
        AlignmentResult result = splitResult(List.of("a", "b", "c"));

        Alignment proto = result.toProto(PARENT_VERSION);

        assertEquals(PARENT_VERSION, proto.getParentVersion());
        assertEquals(250, proto.getSampleSize());
        assertEquals(230.0 / 250, proto.getAgreement(), 1e-12);
        assertEquals(List.of(
                        ClusterMatch.newBuilder().setClusterId(0).setParentClusterId(1).setOverlap(1.0).build(),
                        ClusterMatch.newBuilder().setClusterId(1).setParentClusterId(0).setOverlap(1.0).build(),
                        ClusterMatch.newBuilder().setClusterId(2).setParentClusterId(2).setOverlap(1.0).build(),
                        ClusterMatch.newBuilder().setClusterId(3).setParentClusterId(-1).setOverlap(0.0).build()),
                proto.getMatchesList());
    }

    @Test
    void applyToSetsKeysCarriesTagsByKeyCreatesMissingClustersAndSetsTheAlignment() {
        SnapshotManifest parent = SnapshotManifest.newBuilder()
                .setModel(ModelRef.newBuilder().setModelId("m").setVersion(PARENT_VERSION))
                .setNumClusters(3)
                .addClusters(ClusterInfo.newBuilder().setClusterId(0).setKey("c0@v1").setTag("cats"))
                .addClusters(ClusterInfo.newBuilder().setClusterId(1).setKey("c1@v2"))
                .addClusters(ClusterInfo.newBuilder().setClusterId(2).setKey("c2@v1").setTag("dogs"))
                .build();
        assertEquals(List.of("c0@v1", "c1@v2", "c2@v1"), ClusterAlignment.parentKeys(parent));
        Map<String, String> tags = ClusterAlignment.tagsByKey(parent);
        assertEquals(Map.of("c0@v1", "cats", "c2@v1", "dogs"), tags);

        AlignmentResult result = splitResult(ClusterAlignment.parentKeys(parent));
        // The trainer wrote fresh keys and sizes for the first two clusters only; cluster 1 has a stale tag.
        SnapshotManifest.Builder child = SnapshotManifest.newBuilder()
                .setModel(ModelRef.newBuilder().setModelId("m").setVersion(CHILD_VERSION))
                .setParentVersion(PARENT_VERSION)
                .setNumClusters(4)
                .addClusters(ClusterInfo.newBuilder().setClusterId(0).setKey(ClusterKeys.fresh(CHILD_VERSION, 0)).setSize(50))
                .addClusters(ClusterInfo.newBuilder().setClusterId(1).setKey(ClusterKeys.fresh(CHILD_VERSION, 1)).setSize(100)
                        .setTag("stale"));

        SnapshotManifest applied = result.applyTo(child, tags).build();

        assertEquals(4, applied.getClustersCount());
        assertEquals(ClusterInfo.newBuilder().setClusterId(0).setKey("c1@v2").setSize(50).build(), applied.getClusters(0));
        assertEquals(ClusterInfo.newBuilder().setClusterId(1).setKey("c0@v1").setTag("cats").setSize(100).build(),
                applied.getClusters(1));
        assertEquals(ClusterInfo.newBuilder().setClusterId(2).setKey("c2@v1").setTag("dogs").build(), applied.getClusters(2));
        assertEquals(ClusterInfo.newBuilder().setClusterId(3).setKey(ClusterKeys.fresh(CHILD_VERSION, 3)).build(),
                applied.getClusters(3));
        assertEquals(result.toProto(PARENT_VERSION), applied.getAlignment());
    }

    @Test
    void applyToWithoutTagsKeepsATagOnlyWhereTheKeyIsUnchanged() {
        AlignmentResult result = splitResult(List.of("a", "b", "c"));
        SnapshotManifest.Builder child = SnapshotManifest.newBuilder()
                .setParentVersion(PARENT_VERSION)
                .addClusters(ClusterInfo.newBuilder().setClusterId(0).setKey("b").setTag("kept"))
                .addClusters(ClusterInfo.newBuilder().setClusterId(1).setKey("x").setTag("dropped"));

        SnapshotManifest applied = result.applyTo(child).build();

        assertEquals("kept", applied.getClusters(0).getTag());
        assertEquals("a", applied.getClusters(1).getKey());
        assertEquals("", applied.getClusters(1).getTag(), "a tag belongs to the key it was given to");
        assertEquals(4, applied.getClustersCount());
    }

    @Test
    void applyToRejectsAManifestThatDoesNotFit() {
        AlignmentResult result = splitResult(List.of("a", "b", "c"));
        assertThrows(IllegalArgumentException.class, () -> result.applyTo(SnapshotManifest.newBuilder()));
        assertThrows(IllegalArgumentException.class,
                () -> result.applyTo(SnapshotManifest.newBuilder().setParentVersion(PARENT_VERSION).setNumClusters(3)));
        assertThrows(IllegalArgumentException.class, () -> result.applyTo(SnapshotManifest.newBuilder()
                .setParentVersion(PARENT_VERSION)
                .addClusters(ClusterInfo.newBuilder().setClusterId(1))));
    }
}
