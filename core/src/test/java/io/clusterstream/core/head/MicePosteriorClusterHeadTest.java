package io.clusterstream.core.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.MicePosteriorHead;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K = 2 clusters, gate and expert embeddings of 2 dimensions, a queue of ν = 2 keys, κ = τ = 0.5.
 *
 * <pre>
 * ω = [(1,0), (0,1)], g = (1,0)           → log π = log_softmax(2, 0) = (−0.126928, −2.126928)
 * μ = [(2,0), (0,3)], μ̂ = [(1,0), (0,1)]
 * f_1 = (0,1), f_2 = (1,0)                → e_1 = e_2 = (1,1)
 * v_1 = (1,0), v_2 = (0,1)                → positives e_k·v_k/τ = 2, 2
 * Q_0 = [(0,0), (.5,.5)], Q_1 = [(−1,0), (0,−1)]
 *   expert 1 negatives e_1·Q_j1/τ = 0, −2 → log φ_1 = 2 − ln(e² + e⁰ + e⁻²) = −0.142932
 *   expert 2 negatives e_2·Q_j2/τ = 2, −2 → log φ_2 = 2 − ln(e² + e² + e⁻²) = −0.702263
 * r = softmax(−0.269860, −2.829192) = (0.928198, 0.071802); novelty 1 − max r = 0.071802
 * </pre>
 */
class MicePosteriorClusterHeadTest {

    private static final float[] OMEGA = {1, 0, 0, 1};
    private static final float[] MU = {2, 0, 0, 3};
    /** ν x K x D: row j holds Q_j1 then Q_j2. */
    private static final float[] QUEUE = {0, 0, 0.5f, 0.5f, -1, 0, 0, -1};
    /** [g | f_1 f_2 | v_1 v_2]. */
    private static final float[] FEATURE = {1, 0, 0, 1, 1, 0, 1, 0, 0, 1};

    @TempDir
    Path dir;

    @Test
    void posteriorMatchesTheHandComputedExample() {
        MicePosteriorClusterHead head = new MicePosteriorClusterHead(2, 2, 2, OMEGA, 0.5, MU, 0.5, QUEUE);
        assertEquals(10, head.featureDim());
        assertEquals(2, head.queueSize());
        double[] r = new double[2];

        double novelty = head.score(FEATURE, r);

        assertArrayEquals(new double[] {0.928198, 0.071802}, r, 1e-6);
        assertEquals(0.071802, novelty, 1e-6);
    }

    @Test
    void builtFromTheManifestAndItsLittleEndianQueueFile() throws Exception {
        Path queue = queueFile(QUEUE);
        ClusterHead head = ClusterHeads.fromManifest(manifest(2, 10, 2), queue);
        double[] r = new double[2];
        head.score(FEATURE, r);
        assertArrayEquals(new double[] {0.928198, 0.071802}, r, 1e-6);
    }

    @Test
    void aQueueFileOfTheWrongSizeIsRejectedNamingBothSizes() throws Exception {
        Path queue = queueFile(QUEUE);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ClusterHeads.fromManifest(manifest(2, 10, 3), queue));
        assertTrue(wrong.getMessage().contains("32 bytes") && wrong.getMessage().contains("= 48"), wrong.getMessage());
    }

    @Test
    void withoutItsQueueFileTheHeadCannotBeBuilt() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClusterHeads.fromManifest(manifest(2, 10, 2)));
        assertTrue(missing.getMessage().contains("queue"), missing.getMessage());
    }

    @Test
    void anEmbeddingDimOtherThanGatePlusBothExpertSetsIsRejected() throws Exception {
        Path queue = queueFile(QUEUE);
        assertThrows(IllegalArgumentException.class, () -> ClusterHeads.fromManifest(manifest(2, 6, 2), queue));
    }

    @Test
    void aNonFiniteQueueIsRejected() {
        float[] queue = QUEUE.clone();
        queue[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> new MicePosteriorClusterHead(2, 2, 2, OMEGA, 0.5, MU, 0.5, queue));
    }

    private Path queueFile(float[] values) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Files.write(dir.resolve("queue.f32"), bytes.array());
    }

    private static SnapshotManifest manifest(int k, int dim, int queueSize) {
        MicePosteriorHead.Builder head = MicePosteriorHead.newBuilder()
                .setGateDim(2).setExpertDim(2).setKappa(0.5f).setTau(0.5f).setQueueSize(queueSize);
        for (float w : OMEGA) {
            head.addGatingPrototypes(w);
        }
        for (float m : MU) {
            head.addExpertPrototypes(m);
        }
        return SnapshotManifest.newBuilder().setNumClusters(k).setEmbeddingDim(dim)
                .setHead(ClusteringHead.newBuilder().setMicePosterior(head)).build();
    }
}
