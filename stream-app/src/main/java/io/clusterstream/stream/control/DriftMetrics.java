package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterShare;
import io.clusterstream.schemas.v1.DriftReport;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The latest drift window of each model (and drift source) as Prometheus gauges, fed with every drift report the
 * control app reads:
 *
 * <ul>
 *   <li>{@code clusterstream_cluster_share{model_id,model_version,source,cluster_key}}: the cluster's share of the
 *       window's assignments;</li>
 *   <li>{@code clusterstream_mean_confidence{model_id,model_version,source}}: the window's mean assignment
 *       confidence.</li>
 * </ul>
 *
 * <p>Shares of clusters without a key are left out. {@code source} is empty unless the stream job reports drift per source. A window replaces the one shown for its
 * model and source when it is of a newer model version, or of the same version and does not end earlier; a newer
 * version of a model drops every window of the older one, so refitted-away clusters disappear. Each control app
 * instance exports the models whose drift partitions it reads.
 */
public final class DriftMetrics implements Consumer<DriftReport> {

    private record Window(String modelId, String source) {}

    private final Map<Window, DriftReport> latest = new HashMap<>();

    /** Registers the gauges on {@code registry}; they read this instance's windows at each scrape. */
    public DriftMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("clusterstream_cluster_share")
                .help("Share of the cluster in the latest drift window of the model (and source).")
                .labelNames("model_id", "model_version", "source", "cluster_key")
                .callback(callback -> forEachLatest(report -> {
                    Set<String> keys = new HashSet<>();
                    for (ClusterShare share : report.getClustersList()) {
                        // A repeated label set would fail the whole scrape.
                        if (share.getClusterKey().isEmpty() || !keys.add(share.getClusterKey())) {
                            continue;
                        }
                        callback.call(share.getProportion(), report.getModel().getModelId(),
                                Long.toString(report.getModel().getVersion()), report.getSource(), share.getClusterKey());
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("clusterstream_mean_confidence")
                .help("Mean assignment confidence of the latest drift window of the model (and source).")
                .labelNames("model_id", "model_version", "source")
                .callback(callback -> forEachLatest(report -> callback.call(report.getStatistics().getMeanConfidence(),
                        report.getModel().getModelId(), Long.toString(report.getModel().getVersion()), report.getSource())))
                .register(registry);
    }

    /** Takes a drift report into account; reports without a model id are ignored. */
    @Override
    public synchronized void accept(DriftReport report) {
        String modelId = report.getModel().getModelId();
        if (modelId.isEmpty()) {
            return;
        }
        long version = report.getModel().getVersion();
        long newestVersion = latest.values().stream().filter(r -> r.getModel().getModelId().equals(modelId))
                .mapToLong(r -> r.getModel().getVersion()).max().orElse(Long.MIN_VALUE);
        if (version < newestVersion) {
            return;
        }
        if (version > newestVersion) {
            latest.keySet().removeIf(window -> window.modelId().equals(modelId));
        }
        Window window = new Window(modelId, report.getSource());
        DriftReport shown = latest.get(window);
        if (shown == null || report.getWindowEndMs() >= shown.getWindowEndMs()) {
            latest.put(window, report);
        }
    }

    private void forEachLatest(Consumer<DriftReport> action) {
        List<DriftReport> reports;
        synchronized (this) {
            reports = new ArrayList<>(latest.values());
        }
        reports.forEach(action);
    }
}
