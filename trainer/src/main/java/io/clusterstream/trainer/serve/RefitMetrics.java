package io.clusterstream.trainer.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The refit service's Prometheus metrics, registered on a registry of its own so tests can read them. */
public final class RefitMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter started = Counter.builder().name("clusterstream_refits_started_total")
            .help("Refits begun (scheduled or requested).").register(registry);
    private final Counter succeeded = Counter.builder().name("clusterstream_refits_succeeded_total")
            .help("Refits that published and announced a new snapshot version.").register(registry);
    private final Counter rejected = Counter.builder().name("clusterstream_refits_rejected_total")
            .help("Refits the quality gate refused, or that found too few images; nothing was published.").register(registry);
    private final Counter failed = Counter.builder().name("clusterstream_refits_failed_total")
            .help("Refits that ended in an error; nothing was published.").register(registry);
    private final Counter requests = Counter.builder().name("clusterstream_refit_requests_total")
            .help("Refit requests accepted from the requests topic (duplicates and other models' excluded).").register(registry);
    private final Counter skippedRecords = Counter.builder().name("clusterstream_refit_skipped_records_total")
            .help("Records of the images topic a sample skipped because they hold no usable image.").register(registry);
    private final Histogram duration = Histogram.builder().name("clusterstream_refit_duration_seconds")
            .help("Wall time of a refit, sample read to announcement.")
            .classicOnly().classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600).register(registry);
    private final Gauge images = Gauge.builder().name("clusterstream_refit_images")
            .help("Images the latest refit trained on.").register(registry);
    private final Gauge lastVersion = Gauge.builder().name("clusterstream_last_published_version")
            .help("The newest snapshot version this service published.").register(registry);
    private final Gauge trainingNmi = Gauge.builder().name("clusterstream_refit_training_nmi")
            .help("NMI of the latest fitted model against the labels its sample carried (NaN without labels).").register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    void started() {
        started.inc();
    }

    void requestAccepted() {
        requests.inc();
    }

    void sampled(int imageCount, int skipped) {
        images.set(imageCount);
        skippedRecords.inc(skipped);
    }

    void published(long version, double seconds, double nmi) {
        succeeded.inc();
        lastVersion.set(version);
        trainingNmi.set(nmi);
        duration.observe(seconds);
    }

    void rejected(double seconds) {
        rejected.inc();
        duration.observe(seconds);
    }

    void failed(double seconds) {
        failed.inc();
        duration.observe(seconds);
    }

    /** A counter's or gauge's value by its exposed name (a counter's "_total" suffix optional), for tests and logs. */
    public double value(String name) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        return registry.scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals(base))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(RefitMetrics::valueOf)
                .sum();
    }

    private static double valueOf(io.prometheus.metrics.model.snapshots.DataPointSnapshot point) {
        if (point instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot counter) {
            return counter.getValue();
        }
        if (point instanceof io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot gauge) {
            return gauge.getValue();
        }
        return Double.NaN;
    }
}
