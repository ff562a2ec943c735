package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterTag;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams control app, as one topology:
 *
 * <ul>
 *   <li><b>Tagger</b>: the assignments, re-keyed to {@code <model id>/<cluster key>}, left-joined with the tags
 *       table and written back keyed by event id to the tagged topic, with the tag in the attribute
 *       {@value Tagger#TAG_ATTRIBUTE} (see {@link Tagger}). Untagged assignments pass through.</li>
 *   <li><b>Drift controller</b>: drift reports, keyed by model id, turned into refit requests (see
 *       {@code DriftController}), state in {@link #DRIFT_STORE}; each report is also handed to a listener (the
 *       app's {@link DriftMetrics}).</li>
 *   <li><b>Catalog</b>: tagged assignments and drift reports, repartitioned by model id, kept per cluster in
 *       {@link #CATALOG_STORE} for interactive queries ({@link ClusterCatalog}, {@link CatalogServer}).</li>
 * </ul>
 *
 * <p>Input records that do not parse are left to the configured deserialization exception handler; records with a
 * null value are skipped.
 */
public final class ControlTopology {

    /** The tags table, key {@code <model id>/<cluster key>}, value {@code ClusterTag}. */
    public static final String TAGS_STORE = "cluster-tags";
    /** The drift controller's state per model id. */
    public static final String DRIFT_STORE = "drift-controller";
    /** The catalog, key {@code <model id>/<cluster key>}, value {@link CatalogEntry}. */
    public static final String CATALOG_STORE = "cluster-catalog";

    /** Serde of {@code ClusterAssignment}. */
    public static final Serde<ClusterAssignment> ASSIGNMENT_SERDE = new ProtobufSerde<>(ClusterAssignment.parser());
    /** Serde of {@code ClusterTag}. */
    public static final Serde<ClusterTag> TAG_SERDE = new ProtobufSerde<>(ClusterTag.parser());
    /** Serde of {@code DriftReport}. */
    public static final Serde<DriftReport> DRIFT_SERDE = new ProtobufSerde<>(DriftReport.parser());
    /** Serde of {@code RefitRequest}. */
    public static final Serde<RefitRequest> REFIT_SERDE = new ProtobufSerde<>(RefitRequest.parser());

    private ControlTopology() {}

    /** Builds the topology for {@code config}; used by the app and by the tests alike. */
    public static Topology build(ControlConfig config) {
        return build(config, report -> {});
    }

    /** The topology, handing every drift report it reads to {@code driftListener} too (e.g. {@link DriftMetrics}). */
    public static Topology build(ControlConfig config, Consumer<DriftReport> driftListener) {
        ControlConfig.TopicNames topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();

        KTable<String, ClusterTag> tags = builder.table(topics.tags(), Consumed.with(keys, TAG_SERDE).withName("tags"),
                Materialized.<String, ClusterTag, KeyValueStore<Bytes, byte[]>>as(TAGS_STORE)
                        .withKeySerde(keys).withValueSerde(TAG_SERDE));

        KStream<String, ClusterAssignment> tagged = builder
                .stream(topics.assignments(), Consumed.with(keys, ASSIGNMENT_SERDE).withName("assignments"))
                .filter((eventId, assignment) -> assignment != null, Named.as("assignments-present"))
                .selectKey((eventId, assignment) -> Tagger.tagKey(assignment), Named.as("key-by-cluster"))
                .repartition(Repartitioned.<String, ClusterAssignment>as("assignments-by-cluster")
                        .withKeySerde(keys).withValueSerde(ASSIGNMENT_SERDE))
                .leftJoin(tags, Tagger::withTag, Joined.<String, ClusterAssignment, ClusterTag>as("tagger")
                        .withKeySerde(keys).withValueSerde(ASSIGNMENT_SERDE).withOtherValueSerde(TAG_SERDE));
        tagged.selectKey((clusterKey, assignment) -> assignment.getEventId(), Named.as("key-by-event"))
                .to(topics.tagged(), Produced.with(keys, ASSIGNMENT_SERDE).withName("tagged"));

        KStream<String, DriftReport> drift = builder
                .stream(topics.drift(), Consumed.with(keys, DRIFT_SERDE).withName("drift"))
                .filter((modelId, report) -> report != null, Named.as("drift-present"));
        drift.foreach((modelId, report) -> driftListener.accept(report), Named.as("drift-metrics"));
        drift.process(DriftController.supplier(config), Named.as("drift-controller"))
                .to(topics.refitRequests(), Produced.with(keys, REFIT_SERDE).withName("refit-requests"));

        tagged.map((clusterKey, assignment) -> KeyValue.pair(assignment.getModel().getModelId(),
                        CatalogUpdate.of(assignment)), Named.as("catalog-assignments"))
                .merge(drift.map((modelId, report) -> KeyValue.pair(report.getModel().getModelId(),
                        CatalogUpdate.of(report)), Named.as("catalog-drift")), Named.as("catalog-merge"))
                .repartition(Repartitioned.<String, CatalogUpdate>as("catalog-updates")
                        .withKeySerde(keys).withValueSerde(CatalogUpdate.serde()))
                .process(CatalogProcessor.supplier(), Named.as("catalog"));

        return builder.build();
    }
}
