package io.clusterstream.stream.control;

import static io.clusterstream.stream.control.ControlFixtures.MINUTE;
import static io.clusterstream.stream.control.ControlFixtures.MODEL;
import static io.clusterstream.stream.control.ControlFixtures.assignment;
import static io.clusterstream.stream.control.ControlFixtures.drift;
import static io.clusterstream.stream.control.ControlFixtures.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.DashboardQueries;
import io.clusterstream.core.fixtures.PrometheusScrape;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.stream.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real control app against an in-process broker: tags, drift reports in; tagged assignments, one refit out. */
class ControlAppIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tagsAssignmentsAndRequestsOneRefitForPersistentDrift() throws Exception {
        ControlConfig config = ControlConfig.defaults();
        ControlConfig.TopicNames topics = config.topics();
        KAFKA.createTopics(topics.assignments(), topics.tags(), topics.drift(), topics.tagged(), topics.refitRequests());

        Properties props = ControlApp.streamsProperties(KAFKA.bootstrapServers(), "control-it", stateDir,
                Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"));
        try (ControlApp app = ControlApp.start(config, props, new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0))) {
            assertEquals("127.0.0.1", app.catalogAddress().getHostString());
            assertTrue(app.catalogAddress().getPort() > 0);
            int metricsPort = app.metricsAddress().orElseThrow().getPort();

            send(topics.tags(), Tagger.tagKey(MODEL, "k1"), tag(MODEL, "k1", "cats").toByteArray());
            List<ClusterAssignment> assignments = List.of(
                    assignment("e1", MODEL, 1, 1, "k1"),
                    assignment("e2", MODEL, 1, 0, "k0"),
                    assignment("e3", MODEL, 1, 1, "k1"));
            for (ClusterAssignment a : assignments) {
                send(topics.assignments(), a.getEventId(), a.toByteArray());
            }
            long t0 = System.currentTimeMillis() / MINUTE * MINUTE - 10 * MINUTE;
            List<DriftReport> alerts = List.of(withConfidence(drift(t0, MODEL, 1, 1, true, 0.01), 0.7),
                    withConfidence(drift(t0, MODEL, 1, 2, true, 0.01), 0.75),
                    withConfidence(drift(t0, MODEL, 1, 3, true, 0.01), 0.8));
            for (DriftReport report : alerts) {
                send(topics.drift(), MODEL, report.toByteArray());
            }

            List<ConsumerRecord<byte[], byte[]>> tagged = KAFKA.readAll(topics.tagged(), assignments.size(), TIMEOUT);
            assertEquals(assignments.size(), tagged.size());
            for (ConsumerRecord<byte[], byte[]> record : tagged) {
                ClusterAssignment a = ClusterAssignment.parseFrom(record.value());
                assertEquals(a.getEventId(), new String(record.key(), StandardCharsets.UTF_8));
                assertEquals(a.getClusterKey().equals("k1") ? "cats" : "", Tagger.tagOf(a), a.getEventId());
            }

            List<ConsumerRecord<byte[], byte[]>> requests = KAFKA.readAll(topics.refitRequests(), 1, TIMEOUT);
            assertEquals(1, requests.size());
            assertEquals(MODEL, new String(requests.get(0).key(), StandardCharsets.UTF_8));
            RefitRequest request = RefitRequest.parseFrom(requests.get(0).value());
            assertEquals(RefitTrigger.REFIT_TRIGGER_DRIFT, request.getTrigger());
            assertEquals(alerts, request.getEvidenceList());
            assertEquals(DriftController.requestId(MODEL, t0 + 3 * MINUTE), request.getRequestId());

            URI base = URI.create("http://127.0.0.1:" + app.catalogAddress().getPort());
            assertEquals(200, get(base.resolve("/health"), r -> r.statusCode() == 200).statusCode());
            String alerted = "\"last_drift_window_end_ms\":" + (t0 + 3 * MINUTE);
            HttpResponse<String> catalog = get(base.resolve("/clusters?model=" + MODEL),
                    r -> r.statusCode() == 200 && r.body().contains("\"count\":2") && r.body().contains(alerted));
            assertEquals(200, catalog.statusCode(), catalog.body());
            assertTrue(catalog.body().contains("{\"model_id\":\"cifar10\",\"cluster_key\":\"k1\",\"tag\":\"cats\","
                    + "\"model_version\":1,\"cluster_id\":1,\"count\":2,\"recent_share\":0.25,"
                    + "\"last_drift_window_end_ms\":" + (t0 + 3 * MINUTE) + ",\"alert\":true}"), catalog.body());
            assertEquals(404, get(base.resolve("/clusters?model=unknown"), r -> true).statusCode());
            assertEquals(400, get(base.resolve("/clusters"), r -> true).statusCode());

            assertEquals(1, KAFKA.readAll(topics.refitRequests(), 1, TIMEOUT).size(), "still exactly one request");

            // The drift gauges, as Prometheus scrapes them: the latest window (minute 3) of the model.
            String metrics = scrapeUntil(metricsPort, text -> PrometheusScrape.value(text, "clusterstream_mean_confidence",
                    "model_id", MODEL) == 0.8);
            Set<String> queried = DashboardQueries.exportedBy(DashboardQueries.CONTROL_APP);
            assertTrue(queried.contains("clusterstream_cluster_share"), "the dashboard's control-app metrics: " + queried);
            for (String metric : queried) {
                assertTrue(DashboardQueries.exported(metrics, metric), metric + " is queried by the dashboard but not exported");
            }
            assertEquals(0.8, PrometheusScrape.value(metrics, "clusterstream_mean_confidence", "model_id", MODEL,
                    "model_version", "1"), metrics);
            assertEquals(0.75, PrometheusScrape.value(metrics, "clusterstream_cluster_share", "model_id", MODEL,
                    "model_version", "1", "cluster_key", "k0"), metrics);
            assertEquals(0.25, PrometheusScrape.value(metrics, "clusterstream_cluster_share", "model_id", MODEL,
                    "model_version", "1", "cluster_key", "k1"), metrics);
            assertTrue(PrometheusScrape.value(metrics, "jvm_memory_used_bytes", "area", "heap") > 0, "JVM metrics too");
            // and the Kafka Streams client's own metrics, with its thread as a label
            assertTrue(PrometheusScrape.value(metrics, "kafka_streams_stream_thread_process_total") > 0, "records processed");
            assertTrue(PrometheusScrape.value(metrics, "kafka_streams_stream_alive_stream_threads") >= 1, "live stream threads");
            assertTrue(PrometheusScrape.value(metrics, "kafka_streams_stream_thread_commit_latency_avg") >= 0, "commit latency");
            assertTrue(metrics.contains("kafka_streams_stream_thread_process_total{") && metrics.contains("thread_id=\""),
                    "tags become labels");
        }
    }

    private static DriftReport withConfidence(DriftReport report, double meanConfidence) {
        return report.toBuilder().setStatistics(report.getStatistics().toBuilder().setMeanConfidence(meanConfidence))
                .build();
    }

    /** Scrapes /metrics until {@code done} accepts the text or the timeout passes; returns the last text. */
    private static String scrapeUntil(int port, Predicate<String> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String text = PrometheusScrape.text(port);
            if (done.test(text) || System.nanoTime() > deadline) {
                return text;
            }
            Thread.sleep(100);
        }
    }

    private static void send(String topic, String key, byte[] value) {
        KAFKA.send(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** GETs {@code uri} until {@code done} accepts the response or the timeout passes; returns the last response. */
    private HttpResponse<String> get(URI uri, Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (done.test(response) || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(100);
        }
    }
}
