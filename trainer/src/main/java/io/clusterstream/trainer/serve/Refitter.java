package io.clusterstream.trainer.serve;

import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import io.clusterstream.trainer.fit.ModelFitter;
import io.clusterstream.trainer.publish.SnapshotPublisher;
import io.clusterstream.trainer.source.KafkaImageSample;
import io.clusterstream.trainer.source.SampleWindow;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refit of one model id: read the sample the request names from the images topic, fit (warm-starting from the
 * newest snapshot), align to it, gate, publish the next version and announce it. Nothing is published when the
 * service is stopping by the time the fit ends, and the store's publish writes the manifest last, so an interrupted
 * refit never leaves a visible partial snapshot.
 */
public final class Refitter {

    private static final Logger LOG = LoggerFactory.getLogger(Refitter.class);

    /** How a refit ended. */
    public enum Status { PUBLISHED, REJECTED, ABANDONED, FAILED }

    /** The outcome; {@code published} is present only for {@link Status#PUBLISHED}. */
    public record Outcome(Status status, Optional<Snapshot> published, String detail) {}

    /** Publishes an announcement of a published snapshot (to the snapshots topic). */
    @FunctionalInterface
    public interface Announcer {
        void announce(Snapshot snapshot) throws Exception;
    }

    /** Everything a refit needs besides the request. */
    public record Setup(FileSnapshotStore store, String modelId, ModelFitter fitter, int clusters, QualityGate gate,
            KafkaImageSample images, SampleWindow defaultWindow, Preprocessing defaultPreprocessing, Path workDir,
            Announcer announcer) {
        public Setup {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(fitter, "fitter");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(defaultWindow, "defaultWindow");
            Objects.requireNonNull(defaultPreprocessing, "defaultPreprocessing");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(announcer, "announcer");
        }
    }

    private final Setup setup;
    private final RefitMetrics metrics;
    private final BooleanSupplier stopping;

    /** @param stopping true once the service shuts down: a refit then ends without publishing */
    public Refitter(Setup setup, RefitMetrics metrics, BooleanSupplier stopping) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
    }

    public Outcome refit(RefitRequest request) {
        long startNanos = System.nanoTime();
        metrics.started();
        LOG.info("refit of {} started: {} ({})", setup.modelId(), request.getTrigger(), request.getReason());
        try {
            Outcome outcome = run(request, startNanos);
            LOG.info("refit of {} ended {}: {}", setup.modelId(), outcome.status(), outcome.detail());
            return outcome;
        } catch (Exception e) {
            metrics.failed(seconds(startNanos));
            LOG.error("refit of {} failed; nothing was published", setup.modelId(), e);
            return new Outcome(Status.FAILED, Optional.empty(), String.valueOf(e.getMessage()));
        }
    }

    private Outcome run(RefitRequest request, long startNanos) throws Exception {
        FileSnapshotStore store = setup.store();
        Optional<Snapshot> parent = store.latest(setup.modelId());
        Preprocessing preprocessing = parent.map(p -> p.manifest().getPreprocessing()).orElse(setup.defaultPreprocessing());
        SampleWindow window = SampleWindow.of(request, setup.defaultWindow());
        KafkaImageSample.Sample sample = setup.images().read(window, preprocessing);
        LabeledImages images = sample.images();
        metrics.sampled(images.size(), sample.skipped());
        if (images.size() < Math.max(setup.clusters(), 2)) {
            metrics.rejected(seconds(startNanos));
            return new Outcome(Status.REJECTED, Optional.empty(), "too few images to fit " + setup.clusters()
                    + " clusters: " + images.size() + " read (" + sample.skipped() + " records skipped) for " + window);
        }
        long version = store.nextVersion(setup.modelId());
        ModelRef model = ModelRef.newBuilder().setModelId(setup.modelId()).setVersion(version).build();
        FittedModel fitted = setup.fitter().fit(new FitInput(images, preprocessing, model, parent, setup.workDir()))
                .describedAs(String.format(Locale.ROOT, "kafka:%s %s, %d images", setup.images().topic(), window, images.size()));
        if (stopping.getAsBoolean()) {
            return new Outcome(Status.ABANDONED, Optional.empty(), "service stopping; v" + version + " not published");
        }
        boolean lowDrift = request.getTrigger() != RefitTrigger.REFIT_TRIGGER_DRIFT;
        SnapshotPublisher.Result result = new SnapshotPublisher(store, setup.gate()).publish(fitted, images, lowDrift);
        if (!result.accepted()) {
            metrics.rejected(seconds(startNanos));
            return new Outcome(Status.REJECTED, Optional.empty(), "quality gate: " + result.gate().summary());
        }
        Snapshot snapshot = result.published().orElseThrow();
        setup.announcer().announce(snapshot);
        metrics.published(version, seconds(startNanos), fitted.scores().nmi());
        String alignment = result.alignment()
                .map(a -> String.format(Locale.ROOT, ", agreement with v%d %.3f", snapshot.manifest().getParentVersion(), a.agreement()))
                .orElse("");
        return new Outcome(Status.PUBLISHED, Optional.of(snapshot), String.format(Locale.ROOT,
                "v%d from %d images in %.1f s%s", version, images.size(), seconds(startNanos), alignment));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
