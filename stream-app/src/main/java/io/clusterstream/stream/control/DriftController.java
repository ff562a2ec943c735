package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns drift reports into refit requests, one model id at a time (state in the store
 * {@link ControlTopology#DRIFT_STORE}, keyed by model id).
 *
 * <p>For the newest model version seen, it counts the consecutive alerting windows of each drift source (a window
 * without alert ends the run). A request is made when a run reaches {@code windowsOverThreshold} windows, or when a
 * window's novelty rate exceeds {@code noveltyRateTrigger}. After a request, no further request is made for the model
 * until the cooldown has passed in event time (window end times); alerts keep being counted meanwhile, so drift that
 * persists through the cooldown gets the next request as soon as it ends. Reports of an older version than the newest
 * seen, and reports not newer than the last one of their source, are ignored; a newer version starts fresh runs.
 */
final class DriftController implements Processor<String, DriftReport, String, RefitRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(DriftController.class);

    private final ControlConfig config;
    private ProcessorContext<String, RefitRequest> context;
    private KeyValueStore<String, DriftControllerState> store;

    DriftController(ControlConfig config) {
        this.config = config;
    }

    /** The controller with its store, for {@code KStream.process}. */
    static ProcessorSupplier<String, DriftReport, String, RefitRequest> supplier(ControlConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DriftReport, String, RefitRequest> get() {
                return new DriftController(config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ControlTopology.DRIFT_STORE),
                        Serdes.String(), DriftControllerState.serde()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, RefitRequest> context) {
        this.context = context;
        this.store = context.getStateStore(ControlTopology.DRIFT_STORE);
    }

    @Override
    public void process(Record<String, DriftReport> record) {
        DriftReport report = record.value();
        if (report == null) {
            return;
        }
        String modelId = report.getModel().getModelId().isEmpty() ? record.key() : report.getModel().getModelId();
        if (modelId == null || modelId.isEmpty()) {
            LOG.warn("Ignoring a drift report without model id (window end {})", report.getWindowEndMs());
            return;
        }
        DriftControllerState state = store.get(modelId);
        if (state == null) {
            state = new DriftControllerState();
        }
        long version = report.getModel().getVersion();
        if (version < state.latestVersion) {
            LOG.debug("Ignoring drift of {} v{}: v{} is newer", modelId, version, state.latestVersion);
            return;
        }
        if (version > state.latestVersion) {
            state.latestVersion = version;
            state.streaks.clear();
        }
        DriftControllerState.Streak streak = state.streak(report.getSource());
        if (report.getWindowEndMs() <= streak.lastWindowEndMs) {
            LOG.debug("Ignoring a repeated or late drift window of {} v{} ending {}", modelId, version,
                    report.getWindowEndMs());
            return;
        }
        streak.add(report, config.windowsOverThreshold());

        boolean persistent = streak.consecutiveAlerts >= config.windowsOverThreshold();
        double noveltyRate = report.getStatistics().getNoveltyRate();
        boolean novel = noveltyRate > config.noveltyRateTrigger();
        if (persistent || novel) {
            if (report.getWindowEndMs() < state.cooldownUntilMs) {
                LOG.info("Drift of {} v{} in the window ending {} needs a refit, but the model is cooling down until {}",
                        modelId, version, Instant.ofEpochMilli(report.getWindowEndMs()),
                        Instant.ofEpochMilli(state.cooldownUntilMs));
            } else {
                List<DriftReport> evidence = report.getAlert() ? streak.evidence : List.of(report);
                RefitRequest request = request(modelId, report, evidence,
                        reason(streak.consecutiveAlerts, persistent, novel, noveltyRate, evidence));
                state.cooldownUntilMs = saturatedAdd(report.getWindowEndMs(), config.cooldown().toMillis());
                LOG.info("Requesting a refit of {} v{}: {}", modelId, version, request.getReason());
                context.forward(record.withKey(modelId).withValue(request));
            }
        }
        store.put(modelId, state);
    }

    private static RefitRequest request(String modelId, DriftReport report, List<DriftReport> evidence, String reason) {
        return RefitRequest.newBuilder()
                .setRequestId(requestId(modelId, report.getWindowEndMs()))
                .setModelId(modelId)
                .setCurrentVersion(report.getModel().getVersion())
                .setTrigger(RefitTrigger.REFIT_TRIGGER_DRIFT)
                .setReason(reason)
                .setRequestedTimeMs(report.getWindowEndMs())
                .addAllEvidence(evidence)
                .build();
    }

    /** The id of the request made for a model at a window end: a name-based UUID, the same on every replay. */
    static String requestId(String modelId, long windowEndMs) {
        return UUID.nameUUIDFromBytes(("clusterstream-refit/" + modelId + "/" + windowEndMs)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String reason(int consecutiveAlerts, boolean persistent, boolean novel, double noveltyRate,
            List<DriftReport> evidence) {
        StringBuilder reason = new StringBuilder();
        if (persistent) {
            reason.append("drift alert in ").append(consecutiveAlerts).append(" consecutive windows");
        }
        if (novel) {
            if (persistent) {
                reason.append(" and ");
            }
            reason.append(String.format(Locale.ROOT, "novelty rate %.3f > %.3f", noveltyRate,
                    config.noveltyRateTrigger()));
        }
        reason.append(':');
        for (DriftReport window : evidence) {
            reason.append(" [").append(Instant.ofEpochMilli(window.getWindowStartMs()))
                    .append(", ").append(Instant.ofEpochMilli(window.getWindowEndMs())).append(')');
            if (!window.getSource().isEmpty()) {
                reason.append(" source ").append(window.getSource());
            }
            reason.append(' ').append(window.getAlert() ? window.getAlertReason() : "no alert").append(';');
        }
        reason.setLength(reason.length() - 1);
        return reason.toString();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
