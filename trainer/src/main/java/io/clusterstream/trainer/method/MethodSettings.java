package io.clusterstream.trainer.method;

import ai.djl.Device;
import io.clusterstream.trainer.train.TrainingSettings;

/**
 * What every learned method is configured with.
 *
 * @param clusters K
 * @param backbone the ResNet
 * @param training epochs, batch size, optimiser and schedule
 * @param device   where training runs
 */
public record MethodSettings(int clusters, Backbone backbone, TrainingSettings training, Device device) {

    public MethodSettings {
        if (clusters < 2) {
            throw new IllegalArgumentException("a learned method needs at least 2 clusters, got " + clusters);
        }
    }
}
