package io.clusterstream.stream.job;

import org.apache.flink.configuration.Configuration;

/**
 * Flink configuration that exports every job metric through Flink's Prometheus reporter. On a Flink cluster the
 * same two settings go into the cluster's configuration file instead; in the local mode and in tests they are set
 * here, on the embedded MiniCluster.
 */
public final class MetricsReporting {

    public static final String REPORTER_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /** A configuration with the Prometheus reporter listening on {@code port} (or a range such as "9250-9260"). */
    public static Configuration prometheus(int port) {
        Configuration configuration = new Configuration();
        configuration.setString("metrics.reporter.prom.factory.class", REPORTER_FACTORY);
        configuration.setString("metrics.reporter.prom.port", Integer.toString(port));
        return configuration;
    }

    private MetricsReporting() {}
}
