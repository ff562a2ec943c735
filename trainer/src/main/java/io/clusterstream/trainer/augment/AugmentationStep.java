package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * A random transformation of a view after cropping and resizing, in place on its [0, 1] values. Implementations are
 * immutable and draw all their randomness from the generator they are given, so a view is a function of its seed.
 */
public interface AugmentationStep {

    void apply(ViewCanvas canvas, RandomGenerator random);
}
