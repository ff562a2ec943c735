package io.clusterstream.stream.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the catalog store ({@link ControlTopology#CATALOG_STORE}). */
public final class ClusterCatalog {

    private static final Comparator<CatalogEntry> ORDER = Comparator
            .comparingLong(CatalogEntry::modelVersion).reversed()
            .thenComparingInt(CatalogEntry::clusterId)
            .thenComparing(CatalogEntry::clusterKey);

    private ClusterCatalog() {}

    /**
     * The clusters of one model id held by this store: newest model version first, then by cluster id.
     *
     * @return the entries; empty when the store knows no cluster of the model
     */
    public static List<CatalogEntry> clusters(ReadOnlyKeyValueStore<String, CatalogEntry> store, String modelId) {
        List<CatalogEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, CatalogEntry> it = store.prefixScan(modelId + "/", new StringSerializer())) {
            // The prefix also matches models whose id continues with "/...": keep only this model's entries.
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.modelId().equals(modelId)) {
                    entries.add(kv.value);
                }
            });
        }
        entries.sort(ORDER);
        return entries;
    }
}
