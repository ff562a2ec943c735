package io.clusterstream.stream.drift;

import io.clusterstream.stream.events.AssignmentRecord;
import org.apache.flink.api.java.functions.KeySelector;

/** The keys drift windows are partitioned by and references are looked up with. */
public final class DriftKeys {

    /**
     * The drift key of an assignment: {@code modelId/version}, plus {@code /source} when windows are per source.
     * A missing source counts as the empty source.
     */
    public static String of(AssignmentRecord record, boolean perSource) {
        String key = reference(record.modelId, record.modelVersion);
        return perSource ? key + "/" + nullToEmpty(record.source) : key;
    }

    /** The key of a model version's {@link SnapshotReference} in the broadcast state: {@code modelId/version}. */
    public static String reference(String modelId, long version) {
        return nullToEmpty(modelId) + "/" + version;
    }

    /** {@link #of(AssignmentRecord, boolean)} as a Flink key selector. */
    public static KeySelector<AssignmentRecord, String> selector(boolean perSource) {
        return new Selector(perSource);
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static final class Selector implements KeySelector<AssignmentRecord, String> {
        private static final long serialVersionUID = 1L;
        private final boolean perSource;

        private Selector(boolean perSource) {
            this.perSource = perSource;
        }

        @Override
        public String getKey(AssignmentRecord record) {
            return of(record, perSource);
        }
    }

    private DriftKeys() {}
}
