package io.clusterstream.core.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.Activation;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.MlpHead;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterHeadsTest {

    private static SnapshotManifest manifest(int k, int dim, ClusteringHead head) {
        return SnapshotManifest.newBuilder().setNumClusters(k).setEmbeddingDim(dim).setHead(head).build();
    }

    private static ClusteringHead prototypes(float temperature, Similarity similarity, Float... values) {
        return ClusteringHead.newBuilder()
                .setPrototype(PrototypeHead.newBuilder()
                        .addAllPrototypes(List.of(values))
                        .setTemperature(temperature)
                        .setSimilarity(similarity))
                .build();
    }

    @Test
    void cosinePrototypesGiveSoftmaxOfSimilaritiesOverTemperature() {
        // Prototypes (2,0) and (0,1) normalise to the axes; the feature (3,4) has cosines 0.6 and 0.8.
        ClusterHead head = ClusterHeads.fromManifest(
                manifest(2, 2, prototypes(0.5f, Similarity.SIMILARITY_COSINE, 2f, 0f, 0f, 1f)));
        double[] p = new double[2];

        double novelty = head.score(new float[] {3, 4}, p);

        double e0 = Math.exp(0.6 / 0.5);
        double e1 = Math.exp(0.8 / 0.5);
        assertArrayEquals(new double[] {e0 / (e0 + e1), e1 / (e0 + e1)}, p, 1e-7);
        assertEquals((1 - 0.8) / 2, novelty, 1e-7);
    }

    @Test
    void aFeatureOppositeEveryPrototypeIsMaximallyNovel() {
        ClusterHead head = new PrototypeClusterHead(1, 2, new float[] {1, 0}, 1, Similarity.SIMILARITY_COSINE);
        assertEquals(1.0, head.score(new float[] {-5, 0}, new double[1]), 1e-9);
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        ClusterHead head = new PrototypeClusterHead(2, 1, new float[] {1, -1}, 1e-6, Similarity.SIMILARITY_DOT);
        double[] p = new double[2];
        double novelty = head.score(new float[] {1000}, p);
        assertArrayEquals(new double[] {1, 0}, p, 1e-12);
        assertEquals(0, novelty, 1e-12);
    }

    @Test
    void mlpHeadAppliesReluBetweenLayersAndSoftmaxAtTheEnd() {
        // Layer 1: 2 -> 2, identity weights, ReLU. Layer 2: 2 -> 2, swaps its inputs, bias (0, 1).
        MlpHead mlp = MlpHead.newBuilder()
                .addLayers(DenseLayer.newBuilder().setInDim(2).setOutDim(2)
                        .addAllWeight(List.of(1f, 0f, 0f, 1f)).addAllBias(List.of(0f, 0f))
                        .setActivation(Activation.ACTIVATION_RELU))
                .addLayers(DenseLayer.newBuilder().setInDim(2).setOutDim(2)
                        .addAllWeight(List.of(0f, 1f, 1f, 0f)).addAllBias(List.of(0f, 1f)))
                .build();
        ClusterHead head = ClusterHeads.fromManifest(manifest(2, 2, ClusteringHead.newBuilder().setMlp(mlp).build()));
        double[] p = new double[2];

        double novelty = head.score(new float[] {2, -3}, p);

        // ReLU(2, -3) = (2, 0); swapped + bias = (0, 3).
        double e3 = Math.exp(3);
        assertArrayEquals(new double[] {1 / (1 + e3), e3 / (1 + e3)}, p, 1e-9);
        assertEquals(1 / (1 + e3), novelty, 1e-9);
    }

    @Test
    void headsThatDisagreeWithTheManifestAreRejected() {
        ClusteringHead twoByTwo = prototypes(1f, Similarity.SIMILARITY_COSINE, 1f, 0f, 0f, 1f);
        assertThrows(IllegalArgumentException.class, () -> ClusterHeads.fromManifest(manifest(3, 2, twoByTwo)));
        assertThrows(IllegalArgumentException.class, () -> ClusterHeads.fromManifest(manifest(2, 2, ClusteringHead.getDefaultInstance())));
        assertThrows(IllegalArgumentException.class, () -> ClusterHeads.fromManifest(
                manifest(1, 1, prototypes(0f, Similarity.SIMILARITY_COSINE, 1f))));
        assertThrows(IllegalArgumentException.class, () -> ClusterHeads.fromManifest(
                manifest(1, 1, prototypes(1f, Similarity.SIMILARITY_COSINE, Float.NaN))));
        MlpHead broken = MlpHead.newBuilder()
                .addLayers(DenseLayer.newBuilder().setInDim(2).setOutDim(2).addAllWeight(List.of(1f, 2f, 3f)).addAllBias(List.of(0f, 0f)))
                .build();
        assertThrows(IllegalArgumentException.class, () -> new MlpClusterHead(broken));
    }

    @Test
    void assignerReportsArgmaxTopKAndNovelty() {
        ClusterHead head = new PrototypeClusterHead(3, 2, new float[] {1, 0, 0, 1, -1, 0}, 0.1, Similarity.SIMILARITY_COSINE);
        ClusterAssigner assigner = new ClusterAssigner(head, 2, 0.3);

        ClusterAssignmentResult near = assigner.assign(new float[] {0.1f, 1f});
        assertEquals(1, near.clusterId());
        assertArrayEquals(new int[] {1, 0}, near.topClusters());
        assertEquals(near.confidence(), near.topProbabilities()[0]);
        assertTrue(near.topProbabilities()[0] >= near.topProbabilities()[1]);
        assertFalse(near.novel());

        ClusterAssignmentResult far = assigner.assign(new float[] {0f, -1f});
        assertTrue(far.novel(), "a feature at 90 degrees from every prototype is novel");
        assertTrue(far.entropy() > near.entropy());
    }
}
