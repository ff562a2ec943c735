package io.clusterstream.trainer.train;

import java.util.Arrays;

/**
 * Learning rate per epoch: a linear warm-up, then ×{@code factor} at each milestone passed (MiCE's schedule,
 * shared/algorithms.md §1), or a constant rate when there is neither (CC and SimCLR use Adam without a schedule).
 *
 * <p>Deviation: the official warm-up is lr·e/W for e ≤ W, which gives epoch 0 a rate of 0 and wastes it; here epoch
 * e (from 0) gets lr·(e+1)/W for e < W, so every epoch trains and epoch W−1 reaches the base rate.
 */
public record LearningRateSchedule(double baseRate, int warmupEpochs, int[] milestones, double factor) {

    public LearningRateSchedule {
        if (!(baseRate > 0) || warmupEpochs < 0 || !(factor > 0)) {
            throw new IllegalArgumentException("the learning rate and decay factor must be positive and the warm-up not negative");
        }
        milestones = milestones.clone();
        Arrays.sort(milestones);
    }

    public static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule(rate, 0, new int[0], 1);
    }

    public double rate(int epoch) {
        double rate = baseRate;
        if (epoch < warmupEpochs) {
            rate *= (epoch + 1.0) / warmupEpochs;
        }
        for (int milestone : milestones) {
            if (epoch >= milestone) {
                rate *= factor;
            }
        }
        return rate;
    }
}
