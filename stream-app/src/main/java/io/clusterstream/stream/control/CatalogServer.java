package io.clusterstream.stream.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's HTTP endpoint (JDK {@code HttpServer}), answering from this instance's state:
 *
 * <ul>
 *   <li>{@code GET /clusters?model=<id>}: {@code {"model_id": ..., "clusters": [CatalogEntry.toJson(), ...]}};
 *       400 without {@code model}, 404 when no cluster of the model is known, 503 while the store is not
 *       queryable (e.g. during a rebalance).</li>
 *   <li>{@code GET /health}: {@code {"status": ...}}, 200 when healthy, 503 otherwise.</li>
 * </ul>
 */
public final class CatalogServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogServer.class);

    /** Whether the app is healthy, and its state in words. */
    public record Health(boolean healthy, String status) {}

    private final HttpServer server;
    private final ExecutorService executor;

    private CatalogServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param address  where to listen; port 0 picks a free port (see {@link #address()})
     * @param clusters the catalog entries of a model id
     * @param health   the app's health
     * @throws IOException when the address cannot be bound
     */
    public static CatalogServer start(InetSocketAddress address, Function<String, List<CatalogEntry>> clusters,
            Supplier<Health> health) throws IOException {
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(health, "health");
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/clusters", exchange -> handle(exchange, () -> clusters(exchange, clusters)));
        server.createContext("/health", exchange -> handle(exchange, () -> {
            Health h = health.get();
            return new Response(h.healthy() ? 200 : 503, new Json.ObjectWriter().field("status", h.status()).toString());
        }));
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "catalog-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Catalog served on http://{}:{}/clusters", server.getAddress().getHostString(),
                server.getAddress().getPort());
        return new CatalogServer(server, executor);
    }

    /** The bound address, with the actual port. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, String json) {}

    private static Response error(int status, String message) {
        return new Response(status, new Json.ObjectWriter().field("error", message).toString());
    }

    private static Response clusters(HttpExchange exchange, Function<String, List<CatalogEntry>> clusters) {
        if (!"/clusters".equals(exchange.getRequestURI().getPath())) {
            return error(404, "not found");
        }
        String model = queryParameter(exchange.getRequestURI().getRawQuery(), "model");
        if (model == null || model.isEmpty()) {
            return error(400, "the query parameter model=<model id> is required");
        }
        List<CatalogEntry> entries;
        try {
            entries = clusters.apply(model);
        } catch (InvalidStateStoreException e) {
            return error(503, "the catalog is not available yet: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            return error(404, "no clusters known for model " + model);
        }
        return new Response(200, new Json.ObjectWriter()
                .field("model_id", model)
                .field("clusters", Json.array(entries.stream().map(CatalogEntry::toJson).toList()))
                .toString());
    }

    private static void handle(HttpExchange exchange, Supplier<Response> handler) throws IOException {
        try (exchange) {
            Response response;
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                response = error(405, "only GET is supported");
            } else {
                try {
                    response = handler.get();
                } catch (RuntimeException e) {
                    LOG.warn("Catalog request {} failed", exchange.getRequestURI(), e);
                    response = error(500, String.valueOf(e.getMessage()));
                }
            }
            byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The first value of a query parameter, URL-decoded, or null. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
