package io.clusterstream.stream.drift;

import io.clusterstream.core.drift.DriftDetector;
import io.clusterstream.stream.events.AssignmentRecord;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-time tumbling drift windows. Assignments arrive keyed by {@link DriftKeys}; each window's totals are kept
 * in keyed state until the watermark passes the window's end, when the window is compared with its model version's
 * {@link SnapshotReference} (from the broadcast side) and reported as a {@link DriftReportRecord}.
 *
 * <p>Assignments whose window has already been reported are dropped and counted in {@code lateAssignments}. A
 * window whose model version has no reference yet is still reported, against a uniform reference.
 *
 * <p>Metrics: counters {@code driftWindows}, {@code driftAlerts}, {@code lateAssignments}; gauges
 * {@code lastJsDivergence}, {@code lastPsi}, {@code lastNoveltyRate} of this subtask's most recent window.
 */
public final class DriftWindowFunction
        extends KeyedBroadcastProcessFunction<String, AssignmentRecord, SnapshotReference, DriftReportRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DriftWindowFunction.class);

    /** The broadcast state of references, by {@link DriftKeys#reference(String, long)}. */
    public static final MapStateDescriptor<String, SnapshotReference> REFERENCES =
            new MapStateDescriptor<>("drift-references", Types.STRING, TypeInformation.of(SnapshotReference.class));

    private final DriftConfig config;

    private transient MapState<Long, DriftAccumulator> windows;
    private transient DriftDetector detector;
    private transient Set<String> warnedMissingReference;
    private transient Counter driftWindows;
    private transient Counter driftAlerts;
    private transient Counter lateAssignments;
    private transient volatile double lastJsDivergence;
    private transient volatile double lastPsi;
    private transient volatile double lastNoveltyRate;

    public DriftWindowFunction(DriftConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "drift-windows", Types.LONG, TypeInformation.of(DriftAccumulator.class)));
        detector = new DriftDetector(config.thresholds());
        warnedMissingReference = new HashSet<>();

        lastJsDivergence = Double.NaN;
        lastPsi = Double.NaN;
        lastNoveltyRate = Double.NaN;
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        driftWindows = metrics.counter("driftWindows");
        driftAlerts = metrics.counter("driftAlerts");
        lateAssignments = metrics.counter("lateAssignments");
        Gauge<Double> js = () -> lastJsDivergence;
        Gauge<Double> psi = () -> lastPsi;
        Gauge<Double> novelty = () -> lastNoveltyRate;
        metrics.gauge("lastJsDivergence", js);
        metrics.gauge("lastPsi", psi);
        metrics.gauge("lastNoveltyRate", novelty);
    }

    @Override
    public void processElement(AssignmentRecord record, ReadOnlyContext ctx, Collector<DriftReportRecord> out)
            throws Exception {
        if (record.clusterId < 0) {
            LOG.debug("Ignoring assignment {} without a cluster id", record.eventId);
            return;
        }
        long size = config.windowSizeMs();
        long timestamp = ctx.timestamp() != null ? ctx.timestamp() : record.eventTimeMs;
        long start = timestamp - Math.floorMod(timestamp, size);
        long lastMoment = start + size - 1;
        if (lastMoment <= ctx.currentWatermark()) {
            lateAssignments.inc();
            return;
        }
        DriftAccumulator window = windows.get(start);
        if (window == null) {
            window = DriftAccumulator.empty(record, config.perSource());
            ctx.timerService().registerEventTimeTimer(lastMoment);
        }
        window.add(record);
        // Written back on every record: only the heap backend would see the mutation otherwise.
        windows.put(start, window);
    }

    @Override
    public void processBroadcastElement(SnapshotReference reference, Context ctx, Collector<DriftReportRecord> out)
            throws Exception {
        LOG.info("Drift reference for {}: {} clusters", reference.referenceKey(), reference.numClusters);
        ctx.getBroadcastState(REFERENCES).put(reference.referenceKey(), reference);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftReportRecord> out) throws Exception {
        long start = timestamp + 1 - config.windowSizeMs();
        DriftAccumulator window = windows.get(start);
        if (window == null) {
            return;
        }
        windows.remove(start);

        String referenceKey = DriftKeys.reference(window.modelId, window.version);
        SnapshotReference reference = ctx.getBroadcastState(REFERENCES).get(referenceKey);
        if (reference == null && warnedMissingReference.add(referenceKey)) {
            LOG.warn("No drift reference for {}; its windows are compared with a uniform cluster mix", referenceKey);
        }
        DriftReportRecord report = WindowReports.report(
                window, reference, start, timestamp + 1, detector, ctx.currentProcessingTime());

        driftWindows.inc();
        if (report.alert) {
            driftAlerts.inc();
            LOG.info("Drift alert for {} in [{}, {}): {}", ctx.getCurrentKey(), start, timestamp + 1, report.alertReason);
        }
        lastJsDivergence = report.jsDivergence;
        lastPsi = report.psi;
        lastNoveltyRate = report.noveltyRate;
        out.collect(report);
    }
}
