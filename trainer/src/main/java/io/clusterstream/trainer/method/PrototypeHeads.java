package io.clusterstream.trainer.method;

import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.Similarity;

/** Frozen centroids as a served head: nearest by cosine, confidence a softmax over the cosines. */
public final class PrototypeHeads {

    /** @param centroids K x dim, row-major; @param temperature the softmax temperature, which only shapes confidences */
    public static ClusteringHead cosine(float[] centroids, double temperature) {
        PrototypeHead.Builder head = PrototypeHead.newBuilder()
                .setTemperature((float) temperature)
                .setSimilarity(Similarity.SIMILARITY_COSINE);
        for (float v : centroids) {
            head.addPrototypes(v);
        }
        return ClusteringHead.newBuilder().setPrototype(head).build();
    }

    private PrototypeHeads() {}
}
