package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterShare;
import io.clusterstream.schemas.v1.DriftReport;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the catalog store ({@link ControlTopology#CATALOG_STORE}, key {@code <model id>/<cluster key>}, value
 * {@link CatalogEntry}) from tagged assignments and drift reports, which arrive keyed by model id.
 *
 * <p>An entry follows the newest model version it has seen: a newer version (from an assignment or a drift report)
 * restarts its count and drops the older version's drift figures but keeps the tag, since keys and tags carry over
 * refits. Assignments and drift windows of an older version than the entry's are ignored, and so are drift windows
 * older than the entry's last one.
 */
final class CatalogProcessor implements Processor<String, CatalogUpdate, Void, Void> {

    private KeyValueStore<String, CatalogEntry> store;

    static ProcessorSupplier<String, CatalogUpdate, Void, Void> supplier() {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CatalogUpdate, Void, Void> get() {
                return new CatalogProcessor();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ControlTopology.CATALOG_STORE),
                        Serdes.String(), CatalogEntry.serde()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ControlTopology.CATALOG_STORE);
    }

    @Override
    public void process(Record<String, CatalogUpdate> record) {
        CatalogUpdate update = record.value();
        if (update == null) {
            return;
        }
        if (update.assignment() != null) {
            apply(update.assignment());
        } else {
            apply(update.drift());
        }
    }

    private void apply(ClusterAssignment assignment) {
        String modelId = assignment.getModel().getModelId();
        long version = assignment.getModel().getVersion();
        String key = Tagger.tagKey(modelId, assignment.getClusterKey());
        CatalogEntry entry = store.get(key);
        if (entry != null && version < entry.modelVersion()) {
            return;
        }
        if (entry == null || version > entry.modelVersion()) {
            entry = CatalogEntry.fresh(modelId, assignment.getClusterKey(), "", version, assignment.getClusterId());
        }
        store.put(key, new CatalogEntry(modelId, entry.clusterKey(), Tagger.tagOf(assignment), version,
                assignment.getClusterId(), entry.count() + 1, entry.recentShare(), entry.lastDriftWindowEndMs(),
                entry.alert()));
    }

    private void apply(DriftReport report) {
        String modelId = report.getModel().getModelId();
        long version = report.getModel().getVersion();
        for (ClusterShare share : report.getClustersList()) {
            if (share.getClusterKey().isEmpty()) {
                continue;
            }
            String key = Tagger.tagKey(modelId, share.getClusterKey());
            CatalogEntry entry = store.get(key);
            if (entry != null && (version < entry.modelVersion()
                    || version == entry.modelVersion() && report.getWindowEndMs() < entry.lastDriftWindowEndMs())) {
                continue;
            }
            if (entry == null || version > entry.modelVersion()) {
                entry = CatalogEntry.fresh(modelId, share.getClusterKey(), entry == null ? "" : entry.tag(), version,
                        share.getClusterId());
            }
            store.put(key, new CatalogEntry(modelId, entry.clusterKey(), entry.tag(), version, share.getClusterId(),
                    entry.count(), share.getProportion(), report.getWindowEndMs(), report.getAlert()));
        }
    }
}
