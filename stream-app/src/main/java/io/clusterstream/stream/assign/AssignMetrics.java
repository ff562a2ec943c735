package io.clusterstream.stream.assign;

import java.util.function.LongSupplier;
import io.clusterstream.stream.deadletter.DeadLetterCounter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The assignment operator's Flink metrics; with the Prometheus reporter they appear as
 * {@code flink_taskmanager_job_task_operator_<name>}.
 */
final class AssignMetrics {

    private static final int HISTOGRAM_WINDOW = 1024;

    final Counter eventsIn;
    final Counter assignmentsOut;
    final DeadLetterCounter deadLetters;
    final Counter modelSwaps;
    final Counter rejectedSnapshots;
    final Histogram batchSize;
    final Histogram inferenceMillis;
    final Histogram endToEndMillis;

    AssignMetrics(MetricGroup group, LongSupplier modelVersion, LongSupplier waitingEvents) {
        this.eventsIn = group.counter("eventsIn");
        this.assignmentsOut = group.counter("assignmentsOut");
        this.deadLetters = new DeadLetterCounter(group);
        this.modelSwaps = group.counter("modelSwaps");
        this.rejectedSnapshots = group.counter("rejectedSnapshots");
        this.batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.inferenceMillis = group.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.endToEndMillis = group.histogram("recordLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        group.gauge("modelVersion", (Gauge<Long>) modelVersion::getAsLong);
        group.gauge("waitingEvents", (Gauge<Long>) waitingEvents::getAsLong);
    }

}
