package io.clusterstream.stream.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.EmbeddingReference;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.NoveltyCalibration;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.stream.events.AssignmentRecord;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class SnapshotReferenceTest {

    private static final ModelRef MODEL = ModelRef.newBuilder().setModelId("cifar10-cc").setVersion(4).build();

    @Test
    void aFullManifestGivesAFullReference() {
        SnapshotManifest manifest = SnapshotManifest.newBuilder()
                .setModel(MODEL)
                .setNumClusters(3)
                .addAllReferenceProportions(List.of(0.5, 0.3, 0.2))
                .addClusters(ClusterInfo.newBuilder().setClusterId(2).setKey("c-two"))
                .addClusters(ClusterInfo.newBuilder().setClusterId(0).setKey("c-zero"))
                .setEmbeddingReference(EmbeddingReference.newBuilder().addMean(1).addMean(-2).setRmsSpread(0.5))
                .setNovelty(NoveltyCalibration.newBuilder().setThreshold(3.2f).setQuantile(0.99f))
                .build();

        SnapshotReference reference = SnapshotReference.of(manifest);

        assertEquals("cifar10-cc", reference.modelId);
        assertEquals(4, reference.version);
        assertEquals("cifar10-cc/4", reference.referenceKey());
        assertEquals(3, reference.numClusters);
        assertArrayEquals(new String[] {"c-zero", "", "c-two"}, reference.clusterKeys);
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, reference.referenceProportions);
        assertArrayEquals(new float[] {1, -2}, reference.embeddingMean);
        assertEquals(0.5, reference.rmsSpread);
        assertEquals(0.01, reference.expectedNoveltyRate, 1e-6);
    }

    @Test
    void missingPartsFallBackToUniformAndUnknown() {
        SnapshotReference reference = SnapshotReference.of(
                SnapshotManifest.newBuilder().setModel(MODEL).setNumClusters(4).build());

        assertArrayEquals(new String[] {"", "", "", ""}, reference.clusterKeys);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, reference.referenceProportions);
        assertNull(reference.embeddingMean);
        assertTrue(Double.isNaN(reference.rmsSpread));
        assertEquals(0, reference.expectedNoveltyRate);
    }

    @Test
    void proportionsOfTheWrongLengthAreReplacedByAUniformMix() {
        SnapshotReference reference = SnapshotReference.of(SnapshotManifest.newBuilder()
                .setModel(MODEL)
                .setNumClusters(2)
                .addAllReferenceProportions(List.of(0.2, 0.3, 0.5))
                .build());
        assertArrayEquals(new double[] {0.5, 0.5}, reference.referenceProportions);
    }

    @Test
    void driftKeysNameTheModelVersionAndOptionallyTheSource() {
        AssignmentRecord record = DriftFixtures.assignment("m", 3, "camera-1", 0, 0);
        assertEquals("m/3", DriftKeys.of(record, false));
        assertEquals("m/3/camera-1", DriftKeys.of(record, true));
        record.source = null;
        assertEquals("m/3/", DriftKeys.of(record, true));
    }

    @Test
    void theJobsDriftTypesAreFlinkPojos() {
        // Otherwise Flink falls back to Kryo for state and network, slowly and without schema evolution.
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SnapshotReference.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(DriftAccumulator.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(DriftReportRecord.class));
    }
}
