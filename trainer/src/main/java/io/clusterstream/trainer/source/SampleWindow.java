package io.clusterstream.trainer.source;

import io.clusterstream.schemas.v1.RefitRequest;

/** Which recent images a refit trains on: the newest N of the images topic, or an event-time range. */
public sealed interface SampleWindow {

    /** The newest {@code count} images, split evenly over the topic's partitions. */
    record LastN(long count) implements SampleWindow {
        public LastN {
            if (count < 1) {
                throw new IllegalArgumentException("a sample needs at least 1 image, got " + count);
            }
        }
    }

    /** Images whose event time is in {@code [startMs, endMs)}. */
    record TimeRange(long startMs, long endMs) implements SampleWindow {
        public TimeRange {
            if (endMs <= startMs) {
                throw new IllegalArgumentException("time range end " + endMs + " must be after its start " + startMs);
            }
        }
    }

    /** The window a request asks for, or {@code fallback} when it names none. */
    static SampleWindow of(RefitRequest request, SampleWindow fallback) {
        return switch (request.getSampleCase()) {
            case LAST_N -> new LastN(request.getLastN());
            case TIME_RANGE -> new TimeRange(request.getTimeRange().getStartMs(), request.getTimeRange().getEndMs());
            case SAMPLE_NOT_SET -> fallback;
        };
    }
}
