package io.clusterstream.stream.control;

import static io.clusterstream.stream.control.ControlFixtures.MINUTE;
import static io.clusterstream.stream.control.ControlFixtures.MODEL;
import static io.clusterstream.stream.control.ControlFixtures.T0;
import static io.clusterstream.stream.control.ControlFixtures.assignment;
import static io.clusterstream.stream.control.ControlFixtures.drift;
import static io.clusterstream.stream.control.ControlFixtures.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTopologyTest {

    @TempDir
    Path stateDir;

    private ControlTopologyTestSupport app;
    private KeyValueStore<String, CatalogEntry> store;

    @BeforeEach
    void start() {
        app = new ControlTopologyTestSupport(ControlConfig.defaults(), stateDir);
        store = app.driver.getKeyValueStore(ControlTopology.CATALOG_STORE);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private List<CatalogEntry> clusters(String modelId) {
        return ClusterCatalog.clusters(store, modelId);
    }

    @Test
    void assignmentsAndTheLatestDriftWindowMakeTheCatalog() {
        app.send(tag(MODEL, "k1", "cats"));
        app.send(assignment("e1", MODEL, 1, 1, "k1"));
        app.send(assignment("e2", MODEL, 1, 1, "k1"));
        app.send(assignment("e3", MODEL, 1, 0, "k0"));
        app.send(assignment("e4", "fashion", 1, 0, "k0"));
        app.send(drift(1, false));
        app.send(drift(2, true));

        long end = T0 + 2 * MINUTE;
        assertEquals(List.of(
                        new CatalogEntry(MODEL, "k0", "", 1, 0, 1, 0.75, end, true),
                        new CatalogEntry(MODEL, "k1", "cats", 1, 1, 2, 0.25, end, true)),
                clusters(MODEL));
        assertEquals(List.of(new CatalogEntry("fashion", "k0", "", 1, 0, 1, Double.NaN, CatalogEntry.NO_DRIFT_WINDOW,
                false)), clusters("fashion"));
        assertTrue(clusters("unknown").isEmpty());
    }

    @Test
    void aNewModelVersionRestartsTheCountAndKeepsTheTag() {
        app.send(tag(MODEL, "k1", "cats"));
        app.send(assignment("e1", MODEL, 1, 1, "k1"));
        app.send(assignment("e2", MODEL, 1, 1, "k1"));
        app.send(drift(1, true));
        app.send(drift(MODEL, 2, 2, false, 0.0).toBuilder().clearClusters()
                .addClusters(ControlFixtures.share(3, "k1", 10, 0.5, 0.5)).build());
        app.send(assignment("e3", MODEL, 2, 3, "k1"));
        app.send(assignment("e4", MODEL, 1, 1, "k1")); // late, from the old version: not counted

        CatalogEntry k1 = clusters(MODEL).stream().filter(e -> e.clusterKey().equals("k1")).findFirst().orElseThrow();
        assertEquals(new CatalogEntry(MODEL, "k1", "cats", 2, 3, 1, 0.5, T0 + 2 * MINUTE, false), k1);
    }

    @Test
    void entriesRenderAsJson() {
        assertEquals("{\"model_id\":\"m\\\"1\",\"cluster_key\":\"k\",\"tag\":null,\"model_version\":2,"
                        + "\"cluster_id\":1,\"count\":5,\"recent_share\":null,\"last_drift_window_end_ms\":null,"
                        + "\"alert\":false}",
                new CatalogEntry("m\"1", "k", "", 2, 1, 5, Double.NaN, CatalogEntry.NO_DRIFT_WINDOW, false).toJson());
    }
}
