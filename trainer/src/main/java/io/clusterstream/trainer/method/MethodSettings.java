package io.clusterstream.trainer.method;

import ai.djl.Device;
import io.clusterstream.trainer.train.TrainingSettings;
import java.util.OptionalDouble;

/**
 * What every learned method is configured with.
 *
 * @param clusters     K
 * @param backbone     the ResNet
 * @param training     epochs, batch size, optimiser and schedule
 * @param device       where training runs
 * @param cropMinScale the smallest area fraction the augmentation's random resized crop keeps, in (0, 1]; empty: the
 *                     method's own (its paper's)
 */
public record MethodSettings(int clusters, Backbone backbone, TrainingSettings training, Device device,
                             OptionalDouble cropMinScale) {

    public MethodSettings {
        if (clusters < 2) {
            throw new IllegalArgumentException("a learned method needs at least 2 clusters, got " + clusters);
        }
        if (cropMinScale.isPresent() && !(cropMinScale.getAsDouble() > 0 && cropMinScale.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("the crop's smallest scale must be in (0, 1], got "
                    + cropMinScale.getAsDouble());
        }
    }

    /** With the method's own crop. */
    public MethodSettings(int clusters, Backbone backbone, TrainingSettings training, Device device) {
        this(clusters, backbone, training, device, OptionalDouble.empty());
    }
}
