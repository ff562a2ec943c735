package io.clusterstream.stream.control;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running control app: {@link ControlTopology} in a {@link KafkaStreams} instance, plus the catalog endpoint and
 * optionally a Prometheus endpoint.
 */
public final class ControlApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApp.class);

    private final KafkaStreams streams;
    private final CatalogServer catalog;
    private final HTTPServer metrics;
    private final InetSocketAddress metricsAddress;
    private final CountDownLatch stopped;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlApp(KafkaStreams streams, CatalogServer catalog, HTTPServer metrics, InetSocketAddress metricsAddress,
            CountDownLatch stopped) {
        this.streams = streams;
        this.catalog = catalog;
        this.metrics = metrics;
        this.metricsAddress = metricsAddress;
        this.stopped = stopped;
    }

    /**
     * The Kafka Streams settings of the app: exactly-once (v2) processing, and input records that do not parse are
     * logged and skipped. {@code overrides} (client settings such as TLS or SASL, or any Streams setting) win.
     *
     * @param stateDir where state stores live; null keeps the Kafka Streams default
     */
    public static Properties streamsProperties(String bootstrapServers, String applicationId, Path stateDir,
            Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        if (stateDir != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        props.putAll(overrides);
        return props;
    }

    /** {@link #start(ControlConfig, Properties, InetSocketAddress, InetSocketAddress)} without a metrics endpoint. */
    public static ControlApp start(ControlConfig config, Properties streamsProperties, InetSocketAddress catalogAddress)
            throws IOException {
        return start(config, streamsProperties, catalogAddress, null);
    }

    /**
     * Starts the streams app, then the catalog endpoint and, if asked for, the Prometheus endpoint ({@code /metrics}:
     * {@link DriftMetrics}, the Kafka Streams client's metrics ({@link KafkaStreamsMetrics}) and the JVM's). A
     * processing error that escapes shuts the app down (see {@link #awaitStop()}).
     *
     * @param catalogAddress where the catalog endpoint listens; port 0 picks a free one
     * @param metricsAddress where the Prometheus endpoint listens, port 0 picking a free one; null for none
     * @throws IOException when an address cannot be bound; whatever had started is closed again then
     */
    public static ControlApp start(ControlConfig config, Properties streamsProperties, InetSocketAddress catalogAddress,
            InetSocketAddress metricsAddress) throws IOException {
        Objects.requireNonNull(catalogAddress, "catalogAddress");
        PrometheusRegistry registry = new PrometheusRegistry();
        KafkaStreams streams = new KafkaStreams(ControlTopology.build(config, new DriftMetrics(registry)),
                streamsProperties);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("Control app state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("The control app stops after an unexpected error", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        CatalogServer catalog = null;
        try {
            catalog = CatalogServer.start(catalogAddress, model -> clusters(streams, model),
                    () -> new CatalogServer.Health(streams.state().isRunningOrRebalancing(), streams.state().name()));
            if (metricsAddress == null) {
                return new ControlApp(streams, catalog, null, null, stopped);
            }
            JvmMetrics.builder().register(registry);
            registry.register(new KafkaStreamsMetrics(streams::metrics));
            HTTPServer metrics = HTTPServer.builder().inetAddress(metricsAddress.getAddress())
                    .port(metricsAddress.getPort()).registry(registry).buildAndStart();
            InetSocketAddress bound = new InetSocketAddress(metricsAddress.getAddress(), metrics.getPort());
            LOG.info("Metrics served on http://{}:{}/metrics", bound.getHostString(), bound.getPort());
            return new ControlApp(streams, catalog, metrics, bound, stopped);
        } catch (IOException | RuntimeException e) {
            if (catalog != null) {
                catalog.close();
            }
            streams.close(Duration.ofSeconds(30));
            throw e;
        }
    }

    private static List<CatalogEntry> clusters(KafkaStreams streams, String modelId) {
        ReadOnlyKeyValueStore<String, CatalogEntry> store = streams.store(StoreQueryParameters.fromNameAndType(
                ControlTopology.CATALOG_STORE, QueryableStoreTypes.<String, CatalogEntry>keyValueStore()));
        return ClusterCatalog.clusters(store, modelId);
    }

    /** The catalog endpoint's address, with the actual port. */
    public InetSocketAddress catalogAddress() {
        return catalog.address();
    }

    /** The Prometheus endpoint's address, with the actual port; empty when the app exports no metrics. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsAddress);
    }

    /** The streams app's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the streams app has stopped, by {@link #close()} or after an error. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops the endpoints, then the streams app (committing what it has processed). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        catalog.close();
        if (metrics != null) {
            metrics.close();
        }
        if (!streams.close(Duration.ofSeconds(60))) {
            LOG.warn("The control app did not stop within 60 s");
        }
    }
}
