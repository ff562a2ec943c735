package io.clusterstream.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the Grafana drift dashboard ({@code deploy/grafana/dashboards}) queries, and the ones listed as
 * pending there (queried, but exported by no service on this branch yet).
 */
final class DashboardQueries {

    static final Path GRAFANA = Path.of(System.getProperty("basedir", "."), "..", "deploy", "grafana").normalize();
    static final Path DASHBOARD = GRAFANA.resolve("dashboards").resolve("clusterstream-drift.json");
    static final Path PENDING = GRAFANA.resolve("pending-metrics.txt");

    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METRIC = Pattern.compile("\\b(?:flink|clusterstream)_\\w+");

    /** Every flink_* or clusterstream_* name in the dashboard's PromQL expressions (panels and annotations). */
    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        Matcher expr = EXPR.matcher(read(DASHBOARD));
        while (expr.find()) {
            Matcher metric = METRIC.matcher(expr.group(1));
            while (metric.find()) {
                names.add(metric.group());
            }
        }
        return names;
    }

    static Set<String> pendingNames() {
        Set<String> names = new TreeSet<>();
        for (String line : read(PENDING).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Whether a Prometheus text exposition has at least one sample of {@code metric}. */
    static boolean exported(String exposition, String metric) {
        return exposition.lines().anyMatch(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private DashboardQueries() {}
}
