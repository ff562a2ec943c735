package io.clusterstream.core.serving;

/**
 * How a snapshot is served.
 *
 * @param topK             clusters reported per image
 * @param threads          ONNX Runtime intra-op threads; 0 for its default
 * @param noveltyThreshold overrides the snapshot's calibrated novelty threshold; NaN keeps the snapshot's
 */
public record ServingOptions(int topK, int threads, double noveltyThreshold) implements java.io.Serializable {

    public static final ServingOptions DEFAULTS = new ServingOptions(3, 1, Double.NaN);

    public ServingOptions {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative, got " + threads);
        }
    }
}
