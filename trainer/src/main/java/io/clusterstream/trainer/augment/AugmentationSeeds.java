package io.clusterstream.trainer.augment;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run's seed by hashing, so every view and every epoch's shuffle is a
 * function of (seed, epoch, image index, view) alone and not of which thread made it or when.
 */
public final class AugmentationSeeds {

    private static final long SHUFFLE = 0x5348_5546_464c_4531L;

    private AugmentationSeeds() {}

    /** The generator for view {@code view} of image {@code index} in epoch {@code epoch}. */
    public static SplittableRandom view(long seed, int epoch, int index, int view) {
        return new SplittableRandom(mix(mix(mix(mix(seed) ^ epoch) ^ ((long) index << 8)) ^ view));
    }

    /** The generator for epoch {@code epoch}'s shuffle. */
    public static SplittableRandom shuffle(long seed, int epoch) {
        return new SplittableRandom(mix(mix(seed ^ SHUFFLE) ^ epoch));
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood 2014): every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
