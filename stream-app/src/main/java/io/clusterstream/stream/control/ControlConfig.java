package io.clusterstream.stream.control;

import io.clusterstream.schemas.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * What the control app reads and writes, and when the drift controller asks for a refit.
 *
 * @param topics               topic names
 * @param windowsOverThreshold consecutive alerting drift windows (of one model version and source) that trigger a
 *                             refit request; also how many of those windows are kept as evidence
 * @param noveltyRateTrigger   a single window whose novelty rate exceeds this triggers a refit request; a value of 1
 *                             or more disables this trigger
 * @param cooldown             event time (drift window end time) after a request during which no further request is
 *                             made for the same model
 */
public record ControlConfig(TopicNames topics, int windowsOverThreshold, double noveltyRateTrigger, Duration cooldown) {

    /** Default of {@link #windowsOverThreshold}. */
    public static final int DEFAULT_WINDOWS_OVER_THRESHOLD = 3;
    /** Default of {@link #noveltyRateTrigger}. */
    public static final double DEFAULT_NOVELTY_RATE_TRIGGER = 0.2;
    /** Default of {@link #cooldown}. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(10);

    /** Checks the values; throws {@link IllegalArgumentException} naming the first bad one. */
    public ControlConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(cooldown, "cooldown");
        if (windowsOverThreshold < 1) {
            throw new IllegalArgumentException("windowsOverThreshold must be at least 1, was " + windowsOverThreshold);
        }
        if (!(noveltyRateTrigger >= 0)) {
            throw new IllegalArgumentException("noveltyRateTrigger must be a number >= 0, was " + noveltyRateTrigger);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative, was " + cooldown);
        }
    }

    /** The default topics and thresholds. */
    public static ControlConfig defaults() {
        return new ControlConfig(TopicNames.defaults(), DEFAULT_WINDOWS_OVER_THRESHOLD, DEFAULT_NOVELTY_RATE_TRIGGER,
                DEFAULT_COOLDOWN);
    }

    /**
     * Topic names of the control app.
     *
     * @param assignments   input: {@code ClusterAssignment} keyed by event id
     * @param tags          input, compacted: {@code ClusterTag} keyed by {@code <model id>/<cluster key>}
     * @param drift         input: {@code DriftReport} keyed by model id
     * @param tagged        output: {@code ClusterAssignment} with its tag, keyed by event id
     * @param refitRequests output: {@code RefitRequest} keyed by model id
     */
    public record TopicNames(String assignments, String tags, String drift, String tagged, String refitRequests) {

        /** Checks that every name is given. */
        public TopicNames {
            requireName("assignments", assignments);
            requireName("tags", tags);
            requireName("drift", drift);
            requireName("tagged", tagged);
            requireName("refitRequests", refitRequests);
        }

        /** The names in {@link Topics}. */
        public static TopicNames defaults() {
            return new TopicNames(Topics.ASSIGNMENTS, Topics.TAGS, Topics.DRIFT, Topics.TAGGED, Topics.REFIT_REQUESTS);
        }

        private static void requireName(String what, String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(what + " topic name must not be empty");
            }
        }
    }
}
