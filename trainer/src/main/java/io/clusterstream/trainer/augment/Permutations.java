package io.clusterstream.trainer.augment;

import java.util.random.RandomGenerator;

final class Permutations {

    private Permutations() {}

    /** {@code 0 .. length - 1} in a uniformly random order (Fisher–Yates). */
    static int[] shuffled(int length, RandomGenerator random) {
        int[] order = new int[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
