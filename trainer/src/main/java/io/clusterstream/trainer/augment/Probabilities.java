package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

final class Probabilities {

    private Probabilities() {}

    static void check(String name, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + probability);
        }
    }

    /** One draw; {@code true} with the given probability (always consumes one value, so streams stay aligned). */
    static boolean happens(double probability, RandomGenerator random) {
        return random.nextDouble() < probability;
    }

    /** Uniform in [low, high]; {@code low} itself when the range is empty. */
    static double uniform(double low, double high, RandomGenerator random) {
        return high > low ? low + (high - low) * random.nextDouble() : low;
    }
}
