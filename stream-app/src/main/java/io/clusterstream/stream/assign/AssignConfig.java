package io.clusterstream.stream.assign;

import io.clusterstream.core.image.DecodeLimits;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the assignment operator batches and waits.
 *
 * @param modelId          the model lineage this job serves; announcements of other models are ignored
 * @param maxBatchSize     images embedded together at most
 * @param maxBatchDelay    longest an image waits for its batch to fill
 * @param maxWaitingEvents events held per subtask while no model is loaded; beyond this the task fails and
 *                         restarts from its last checkpoint (events are re-read, never dropped)
 * @param decodeLimits     pixel and byte limits for incoming images
 */
public record AssignConfig(
        String modelId, int maxBatchSize, Duration maxBatchDelay, int maxWaitingEvents, DecodeLimits decodeLimits)
        implements Serializable {

    public static final String DEFAULT_MODEL_ID = "clusterstream";

    public static AssignConfig defaults() {
        return new AssignConfig(DEFAULT_MODEL_ID, 64, Duration.ofMillis(20), 10_000, DecodeLimits.defaults());
    }

    public AssignConfig {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model id is required");
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay must not be negative");
        }
        if (maxWaitingEvents < 1) {
            throw new IllegalArgumentException("maxWaitingEvents must be at least 1, got " + maxWaitingEvents);
        }
    }

    public AssignConfig withModelId(String id) {
        return new AssignConfig(id, maxBatchSize, maxBatchDelay, maxWaitingEvents, decodeLimits);
    }

    public AssignConfig withBatching(int size, Duration delay) {
        return new AssignConfig(modelId, size, delay, maxWaitingEvents, decodeLimits);
    }

    public AssignConfig withMaxWaitingEvents(int max) {
        return new AssignConfig(modelId, maxBatchSize, maxBatchDelay, max, decodeLimits);
    }
}
