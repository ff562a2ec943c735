package io.clusterstream.stream.drift;

import static io.clusterstream.stream.drift.DriftFixtures.MINUTE;
import static io.clusterstream.stream.drift.DriftFixtures.assignment;
import static io.clusterstream.stream.drift.DriftFixtures.config;
import static io.clusterstream.stream.drift.DriftFixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clusterstream.stream.events.AssignmentRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class DriftStageTest {

    @Test
    void aJobReportsEveryWindowAgainstTheBroadcastReference() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<AssignmentRecord> assignments = env
                .fromData(
                        TypeInformation.of(AssignmentRecord.class),
                        assignment(0, 1_000),
                        assignment(0, 2_000),
                        assignment(1, MINUTE + 1_000))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AssignmentRecord>forMonotonousTimestamps()
                        .withTimestampAssigner((record, previous) -> record.eventTimeMs));
        DataStream<SnapshotReference> references =
                env.fromData(TypeInformation.of(SnapshotReference.class), reference(0.9, 0.1));

        SingleOutputStreamOperator<DriftReportRecord> reports = DriftStage.apply(assignments, references, config(false));

        assertEquals("drift-windows", reports.getTransformation().getUid());
        assertEquals("drift-windows", reports.getName());
        List<DriftReportRecord> collected = new ArrayList<>();
        try (CloseableIterator<DriftReportRecord> results = reports.executeAndCollect("drift-stage-test")) {
            results.forEachRemaining(collected::add);
        }
        collected.sort(Comparator.comparingLong(r -> r.windowStartMs));
        assertEquals(2, collected.size());
        assertEquals(0, collected.get(0).windowStartMs);
        assertArrayEquals(new long[] {2, 0}, collected.get(0).clusterCounts);
        assertArrayEquals(new double[] {0.9, 0.1}, collected.get(0).referenceProportions, 1e-12);
        assertEquals(MINUTE, collected.get(1).windowStartMs);
        assertArrayEquals(new long[] {0, 1}, collected.get(1).clusterCounts);
    }

    @Test
    void referencesNeverHoldBackTheWindowsWatermark() {
        // A bounded job cannot show this (its sources end with the end-of-time watermark anyway), so the
        // generator is checked on its own: a live snapshots topic must not stall the drift windows.
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
        EndOfTimeWatermarks<SnapshotReference> watermarks = new EndOfTimeWatermarks<>();
        watermarks.onPeriodicEmit(output);
        watermarks.onEvent(reference(1.0), 5, output);
        assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE), emitted);
    }
}
