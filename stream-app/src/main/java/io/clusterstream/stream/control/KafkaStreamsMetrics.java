package io.clusterstream.stream.control;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka Streams client's own metrics ({@code KafkaStreams#metrics()}: its threads, tasks and stores and the
 * embedded consumers and producers) for Prometheus, read at each scrape. A metric {@code process-rate} of group
 * {@code stream-thread-metrics} becomes {@code kafka_streams_stream_thread_process_rate}; its tags become labels.
 * Cumulative {@code *-total} metrics are counters, the rest gauges; metrics whose value is not a finite number
 * (versions, commit ids, NaN rates before the first sample) are left out.
 */
public final class KafkaStreamsMetrics implements MultiCollector {

    static final String PREFIX = "kafka_streams_";
    private static final String TOTAL = "_total";

    private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;

    /** @param metrics the client's live metrics, e.g. {@code streams::metrics} */
    public KafkaStreamsMetrics(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new TreeMap<>();
        for (Metric metric : metrics.get().values()) {
            if (!(metric.metricValue() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                continue;
            }
            MetricName name = metric.metricName();
            String prometheusName = prometheusName(name.group(), name.name());
            boolean counter = prometheusName.endsWith(TOTAL);
            if (counter && number.doubleValue() < 0) {
                continue;
            }
            String familyName = familyName(prometheusName);
            Family family = families.computeIfAbsent(familyName, key -> new Family(familyName, name.description(), counter));
            // a gauge and a counter sharing a name would make the whole scrape fail; the first one seen stays
            if (family.counter == counter) {
                family.values.putIfAbsent(labels(name.tags()), number.doubleValue());
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (Family family : families.values()) {
            snapshots.add(family.snapshot());
        }
        return new MetricSnapshots(snapshots);
    }

    /** {@code kafka_streams_<group without "-metrics">_<name>}, every character outside [a-z0-9_] an underscore. */
    static String prometheusName(String group, String name) {
        String source = group.endsWith("-metrics") ? group.substring(0, group.length() - "-metrics".length()) : group;
        return PREFIX + sanitize(source) + "_" + sanitize(name);
    }

    /**
     * The name of the metric family: a counter's without its {@code _total} (the exposition adds it back), and any
     * name ending in a suffix the exposition reserves for other types ({@code _created}, {@code _info}, …) gets
     * {@code _value} appended.
     */
    static String familyName(String prometheusName) {
        String base = prometheusName.endsWith(TOTAL)
                ? prometheusName.substring(0, prometheusName.length() - TOTAL.length()) : prometheusName;
        for (String reserved : new String[] {"_created", "_bucket", "_info", "_count", "_sum", TOTAL}) {
            if (base.endsWith(reserved)) {
                return base + "_value";
            }
        }
        return base;
    }

    static Labels labels(Map<String, String> tags) {
        Map<String, String> sorted = new TreeMap<>();
        tags.forEach((key, value) -> sorted.put(sanitize(key), value));
        return Labels.of(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
    }

    private static String sanitize(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return clean.isEmpty() || Character.isDigit(clean.charAt(0)) ? "_" + clean : clean;
    }

    private static final class Family {
        private final String name;
        private final String help;
        private final boolean counter;
        private final Map<Labels, Double> values = new LinkedHashMap<>();

        Family(String name, String help, boolean counter) {
            this.name = name;
            this.help = help == null || help.isBlank() ? name : help;
            this.counter = counter;
        }

        MetricSnapshot snapshot() {
            if (counter) {
                CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
                values.forEach((labels, value) -> builder.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
                return builder.build();
            }
            GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
            values.forEach((labels, value) -> builder.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            return builder.build();
        }
    }
}
