package io.clusterstream.stream.drift;

import io.clusterstream.core.drift.DriftThresholds;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How drift windows are cut and judged.
 *
 * @param windowSize length of the event-time tumbling windows
 * @param perSource  whether each source gets its own windows (otherwise all sources of a model version share them)
 * @param thresholds when a window counts as drifted
 */
public record DriftConfig(Duration windowSize, boolean perSource, DriftThresholds thresholds) implements Serializable {

    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);

    public DriftConfig {
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(thresholds, "thresholds");
        if (windowSize.toMillis() < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1 ms, got " + windowSize);
        }
    }

    /** One-minute windows over all sources, with {@link DriftThresholds#DEFAULTS}. */
    public static DriftConfig defaults() {
        return new DriftConfig(DEFAULT_WINDOW_SIZE, false, DriftThresholds.DEFAULTS);
    }

    public long windowSizeMs() {
        return windowSize.toMillis();
    }
}
