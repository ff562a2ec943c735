package io.clusterstream.stream.job;

import io.clusterstream.stream.assign.AssignConfig;
import io.clusterstream.stream.assign.AssignOperator;
import io.clusterstream.stream.assign.ModelLoader;
import io.clusterstream.stream.drift.DriftConfig;
import io.clusterstream.stream.drift.DriftReportRecord;
import io.clusterstream.stream.drift.DriftStage;
import io.clusterstream.stream.drift.SnapshotReference;
import io.clusterstream.stream.events.AssignmentRecord;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import io.clusterstream.stream.ingest.DecodeFunction;
import io.clusterstream.stream.ingest.DecodedEvent;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The clustering job's topology, built in one place for {@code main}, the local mode and the tests, which differ only
 * in the sources, sinks and model loader they pass in:
 *
 * <pre>
 * images ──► decode ──► assign (batch, embed, cluster) ──► assignments
 *               │          ▲           │                └──► drift windows ──► drift reports
 *               │ snapshots┘(broadcast)│
 *               └──────────────────────┴──► dead letters
 * </pre>
 */
public final class ClusteringJob {

    /** Where the job's three outputs go. */
    public record Sinks(Sink<AssignmentRecord> assignments, Sink<DeadLetter> deadLetters, Sink<DriftReportRecord> drift) {}

    /** The streams the topology produced, for callers that want to attach more (tests, metrics). */
    public record Streams(
            SingleOutputStreamOperator<AssignmentRecord> assignments,
            DataStream<DeadLetter> deadLetters,
            DataStream<DriftReportRecord> drift) {}

    public static Streams build(
            StreamExecutionEnvironment env,
            Source<KafkaRecord, ?, ?> images,
            Source<SnapshotAnnouncement, ?, ?> snapshots,
            ModelLoader loader,
            AssignConfig assignConfig,
            DriftConfig driftConfig,
            Duration maxOutOfOrderness,
            Sinks sinks) {
        // The assignments fan out to the sink and the drift stage in the same chain; without object reuse Flink would
        // deep-copy every assignment (embedding included) for each. No operator here changes or keeps a record it was
        // handed by a chained operator, and records from the network are always fresh objects.
        env.getConfig().enableObjectReuse();
        DataStream<KafkaRecord> imageRecords = env
                .fromSource(images, WatermarkStrategy.noWatermarks(), "images")
                .uid("images-source");
        DataStream<SnapshotAnnouncement> announcements = env
                .fromSource(snapshots, WatermarkStrategy.noWatermarks(), "snapshots")
                .uid("snapshots-source")
                .setParallelism(1);

        // Decoding is chained to the source, so it runs on the source task's thread while inference runs on the
        // assign task's: two cores busy even at parallelism 1.
        SingleOutputStreamOperator<DecodedEvent> decoded = imageRecords
                .process(new DecodeFunction(assignConfig.decodeLimits()))
                .name("decode")
                .uid("decode");
        SingleOutputStreamOperator<AssignmentRecord> assigned = decoded
                .connect(announcements.broadcast())
                .transform("assign", TypeInformation.of(AssignmentRecord.class), new AssignOperator(assignConfig, loader))
                .uid("assign");
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(assigned.getSideOutput(AssignOperator.DEAD_LETTERS));

        // Event time is the image's capture time, known only once the event is parsed, so watermarks start here.
        SingleOutputStreamOperator<AssignmentRecord> timed = assigned
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AssignmentRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                        .withTimestampAssigner((assignment, recordTimestamp) -> assignment.eventTimeMs)
                        .withIdleness(Duration.ofSeconds(30)))
                .uid("event-time");
        DataStream<SnapshotReference> references = announcements
                .filter(announcement -> announcement.error == null && announcement.manifest != null)
                .map(announcement -> SnapshotReference.of(SnapshotManifest.parseFrom(announcement.manifest)))
                .returns(SnapshotReference.class)
                .uid("snapshot-references")
                .setParallelism(1);
        DataStream<DriftReportRecord> drift = DriftStage.apply(timed, references, driftConfig);

        assigned.sinkTo(sinks.assignments()).name("assignments-sink").uid("assignments-sink");
        deadLetters.sinkTo(sinks.deadLetters()).name("dead-letters-sink").uid("dead-letters-sink");
        drift.sinkTo(sinks.drift()).name("drift-sink").uid("drift-sink");
        return new Streams(assigned, deadLetters, drift);
    }

    private ClusteringJob() {}
}
