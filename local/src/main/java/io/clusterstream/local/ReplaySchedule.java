package io.clusterstream.local;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the replay producer sends: {@code imagesPerSecond} images, at first drawn from every class, and from
 * {@code shiftAfter} on only from {@code shiftedClasses} (the scheduled change of the class mix that drift detection
 * should notice).
 */
public record ReplaySchedule(double imagesPerSecond, Duration shiftAfter, Set<Integer> shiftedClasses) {

    public ReplaySchedule {
        if (!(imagesPerSecond > 0) || Double.isInfinite(imagesPerSecond)) {
            throw new IllegalArgumentException("the replay rate must be a positive number of images per second, got " + imagesPerSecond);
        }
        Objects.requireNonNull(shiftAfter, "shiftAfter");
        if (shiftAfter.isNegative()) {
            throw new IllegalArgumentException("the shift cannot come before the start: " + shiftAfter);
        }
        shiftedClasses = Set.copyOf(shiftedClasses);
        if (shiftedClasses.isEmpty()) {
            throw new IllegalArgumentException("the shifted class mix needs at least one class");
        }
    }

    /** Whether the class mix has shifted {@code elapsed} after the replay started. */
    public boolean shifted(Duration elapsed) {
        return elapsed.compareTo(shiftAfter) >= 0;
    }

    /** How many images should have been sent {@code elapsed} after the start. */
    public long due(Duration elapsed) {
        return (long) Math.floor(elapsed.toNanos() / 1e9 * imagesPerSecond);
    }
}
