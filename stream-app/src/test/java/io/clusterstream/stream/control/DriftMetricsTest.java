package io.clusterstream.stream.control;

import static io.clusterstream.stream.control.ControlFixtures.MODEL;
import static io.clusterstream.stream.control.ControlFixtures.drift;
import static io.clusterstream.stream.control.ControlFixtures.share;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.PrometheusScrape;
import io.clusterstream.schemas.v1.DriftReport;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DriftMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DriftMetrics metrics = new DriftMetrics(registry);

    @Test
    void exportsTheSharesAndMeanConfidenceOfTheLatestWindow() throws IOException {
        metrics.accept(withConfidence(drift(2, false), 0.6));
        metrics.accept(withConfidence(drift(1, true), 0.9));

        String text = exposition();
        assertEquals(0.6, PrometheusScrape.value(text, "clusterstream_mean_confidence", "model_id", MODEL,
                "model_version", "1", "source", ""), "a window ending earlier does not replace a later one");
        assertEquals(0.75, PrometheusScrape.value(text, "clusterstream_cluster_share", "model_id", MODEL,
                "model_version", "1", "cluster_key", "k0"));
        assertEquals(0.25, PrometheusScrape.value(text, "clusterstream_cluster_share", "cluster_key", "k1"));
    }

    @Test
    void aNewerModelVersionDropsTheOlderVersionsClusters() throws IOException {
        metrics.accept(drift(1, false));
        metrics.accept(drift(MODEL, 2, 2, false, 0.01).toBuilder().clearClusters()
                .addClusters(share(0, "k0", 100, 0.5, 0.5)).addClusters(share(1, "k2@v2", 100, 0.5, 0.5)).build());
        metrics.accept(drift(3, false));

        String text = exposition();
        assertEquals(0.5, PrometheusScrape.value(text, "clusterstream_cluster_share", "model_version", "2", "cluster_key", "k2@v2"));
        assertFalse(text.contains("cluster_key=\"k1\""), "k1 was refitted away and version 1 reports are late:\n" + text);
        assertFalse(text.contains("model_version=\"1\""), text);
    }

    @Test
    void keepsOneWindowPerSourceAndModelAndLeavesOutClustersWithoutKey() throws IOException {
        metrics.accept(drift(1, false).toBuilder().setSource("cam1").build());
        metrics.accept(drift(1, false).toBuilder().setSource("cam2").addClusters(share(2, "", 0, 0, 0)).build());
        metrics.accept(drift("other", 1, 1, false, 0.01));

        String text = exposition();
        assertEquals(0.75, PrometheusScrape.value(text, "clusterstream_cluster_share", "source", "cam1", "cluster_key", "k0"));
        assertEquals(0.75, PrometheusScrape.value(text, "clusterstream_cluster_share", "source", "cam2", "cluster_key", "k0"));
        assertEquals(0.75, PrometheusScrape.value(text, "clusterstream_cluster_share", "model_id", "other", "cluster_key", "k0"));
        assertEquals(6, text.lines().filter(line -> line.startsWith("clusterstream_cluster_share{")).count(), text);
        assertTrue(text.contains("clusterstream_mean_confidence{"), text);
    }

    private static DriftReport withConfidence(DriftReport report, double meanConfidence) {
        return report.toBuilder().setStatistics(report.getStatistics().toBuilder().setMeanConfidence(meanConfidence))
                .build();
    }

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
