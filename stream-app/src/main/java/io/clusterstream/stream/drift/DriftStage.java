package io.clusterstream.stream.drift;

import io.clusterstream.stream.events.AssignmentRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the drift windows into a job. */
public final class DriftStage {

    /** Name and uid of the windowing operator; keep the uid stable, savepoints find the window state by it. */
    public static final String WINDOWS_UID = "drift-windows";
    /** Name and uid of the operator that takes the references out of event time. */
    public static final String REFERENCES_UID = "drift-references-watermarks";

    /**
     * Drift reports of the given assignments, which must carry event-time timestamps and watermarks.
     *
     * <p>References carry no meaningful event time, and snapshots are rare, so their watermark is moved to the end
     * of time: otherwise the broadcast side would hold the windows' watermark back forever. A reference therefore
     * applies to the windows that close after it arrives.
     */
    public static SingleOutputStreamOperator<DriftReportRecord> apply(
            DataStream<AssignmentRecord> assignments, DataStream<SnapshotReference> references, DriftConfig config) {
        DataStream<SnapshotReference> timeless = references
                .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(context -> new EndOfTimeWatermarks<>()))
                .name(REFERENCES_UID)
                .uid(REFERENCES_UID);
        return assignments
                .keyBy(DriftKeys.selector(config.perSource()), Types.STRING)
                .connect(timeless.broadcast(DriftWindowFunction.REFERENCES))
                .process(new DriftWindowFunction(config), TypeInformation.of(DriftReportRecord.class))
                .name(WINDOWS_UID)
                .uid(WINDOWS_UID);
    }

    private DriftStage() {}
}
