package io.clusterstream.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

/** Kafka's own metrics registry, as KafkaStreams keeps it, read the way a scrape does. */
class KafkaStreamsMetricsTest {

    @Test
    void numericMetricsBecomeGaugesAndTotalsCountersWithTheirTagsAsLabels() {
        try (Metrics kafka = new Metrics()) {
            Map<String, String> thread = Map.of("thread-id", "control-StreamThread-1");
            Sensor process = kafka.sensor("process");
            process.add(kafka.metricName("process-latency-avg", "stream-thread-metrics", "mean latency", thread), new Value());
            process.add(kafka.metricName("process-total", "stream-thread-metrics", "records processed", thread), new CumulativeSum());
            process.record(3);
            process.record(4);
            kafka.addMetric(kafka.metricName("version", "app-info", "the client version", Map.of()),
                    (Gauge<String>) (config, now) -> "4.1.1");

            MetricSnapshots snapshots = new KafkaStreamsMetrics(kafka::metrics).collect();

            MetricSnapshot latency = find(snapshots, "kafka_streams_stream_thread_process_latency_avg");
            assertInstanceOf(GaugeSnapshot.class, latency);
            GaugeSnapshot.GaugeDataPointSnapshot point = ((GaugeSnapshot) latency).getDataPoints().get(0);
            assertEquals(4.0, point.getValue());
            assertEquals(Labels.of("thread_id", "control-StreamThread-1"), point.getLabels());
            assertEquals("mean latency", latency.getMetadata().getHelp());

            MetricSnapshot total = find(snapshots, "kafka_streams_stream_thread_process");
            assertInstanceOf(CounterSnapshot.class, total, "a *-total metric is a counter, exposed as ..._total");
            assertEquals(7.0, ((CounterSnapshot) total).getDataPoints().get(0).getValue());

            assertFalse(snapshots.stream().anyMatch(s -> s.getMetadata().getName().contains("version")),
                    "a metric whose value is not a number is left out");
        }
    }

    @Test
    void namesKeepOnlyCharactersPrometheusAccepts() {
        assertEquals("kafka_streams_stream_state_put_rate", KafkaStreamsMetrics.prometheusName("stream-state-metrics", "put-rate"));
        assertEquals("kafka_streams_consumer_fetch_manager_records_lag_max",
                KafkaStreamsMetrics.prometheusName("consumer-fetch-manager-metrics", "records-lag-max"));
        assertEquals("kafka_streams_app_info_start_time_ms", KafkaStreamsMetrics.prometheusName("app-info", "start-time-ms"));
        assertEquals("kafka_streams_x_record_count_value", KafkaStreamsMetrics.familyName("kafka_streams_x_record_count"),
                "a suffix the exposition format reserves is moved out of the way");
        assertEquals("kafka_streams_stream_thread_task_created_value",
                KafkaStreamsMetrics.familyName(KafkaStreamsMetrics.prometheusName("stream-thread-metrics", "task-created-total")),
                "also once a counter's _total is taken off");
        assertEquals("kafka_streams_stream_thread_process", KafkaStreamsMetrics.familyName("kafka_streams_stream_thread_process_total"));
    }

    private static MetricSnapshot find(MetricSnapshots snapshots, String name) {
        return snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + snapshots.stream().map(s -> s.getMetadata().getName()).toList()));
    }
}
