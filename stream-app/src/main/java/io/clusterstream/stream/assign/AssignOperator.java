package io.clusterstream.stream.assign;

import io.clusterstream.core.head.ClusterAssignmentResult;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.stream.events.AssignmentRecord;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import io.clusterstream.stream.ingest.DecodedEvent;
import io.clusterstream.stream.deadletter.DeadLetters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Assigns decoded image events to clusters with the model announced on the second (broadcast) input. Decoding and
 * validation happen upstream ({@code DecodeFunction}, chained to the source), so that they run on another thread
 * than inference.
 *
 * <ul>
 *   <li>Images are preprocessed into a batch that is embedded when it holds {@code maxBatchSize} images or when the
 *       oldest has waited {@code maxBatchDelay}. Embedding runs on the subtask's inference thread, so that ONNX Runtime
 *       keeps working while the task thread deserializes and preprocesses the next batch and emits the previous one's
 *       assignments; assignments still leave in arrival order. Before every checkpoint barrier, a model swap and the end of
 *       input, all batches are embedded and emitted, so a checkpoint never holds a half-processed batch.</li>
 *   <li>A newly announced version is loaded and verified on a background thread while the current model keeps
 *       serving; the swap happens between batches, on the task thread. A version that fails to load is counted in
 *       {@code rejectedSnapshots} and ignored.</li>
 *   <li>A fresh start serves the store's newest version at once, if there is one.</li>
 *   <li>Events that arrive before any model exists are kept (in checkpointed state) and assigned once one is loaded.
 *       When {@code maxWaitingEvents} are waiting and no model can be had, the task fails and restarts from its last
 *       checkpoint, re-reading the events from Kafka: a stall, never a loss. At the end of a bounded input with
 *       still no model, they go to the dead letters as {@code NO_MODEL}.</li>
 *   <li>The announcements seen are checkpointed, so after a restart the same version serves again.</li>
 * </ul>
 */
public final class AssignOperator extends AbstractStreamOperator<AssignmentRecord>
        implements TwoInputStreamOperator<DecodedEvent, SnapshotAnnouncement, AssignmentRecord>, BoundedMultiInput {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private static final long serialVersionUID = 1L;
    private static final long LOAD_POLL_MILLIS = 20;
    private static final int ANNOUNCEMENTS_KEPT = 3;

    private final AssignConfig config;
    private final ModelLoader loader;

    private transient AssignMetrics metrics;
    private transient ExecutorService loaderThread;
    private transient ExecutorService inferenceThread;
    private transient MailboxExecutor mailbox;

    private transient ServingModel model;
    private transient SnapshotAnnouncement serving;
    private transient SnapshotAnnouncement loadingAnnouncement;
    private transient CompletableFuture<ServingModel> loading;
    private transient SnapshotAnnouncement queuedAnnouncement;
    private transient List<SnapshotAnnouncement> restoredAnnouncements;

    private transient ArrayDeque<DecodedEvent> waiting;
    private transient List<DecodedEvent> batch;
    private transient float[] batchTensor;
    private transient long batchGeneration;
    /** Submitted to the inference thread, oldest first; at most two, one embedding while the other is emitted. */
    private transient ArrayDeque<InFlightBatch> inFlight;

    private transient ListState<DecodedEvent> waitingState;
    private transient ListState<SnapshotAnnouncement> announcementState;

    public AssignOperator(AssignConfig config, ModelLoader loader) {
        this.config = config;
        this.loader = loader;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        waiting = new ArrayDeque<>();
        restoredAnnouncements = new ArrayList<>();
        waitingState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("waiting-events", DecodedEvent.class));
        announcementState = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("announcements", SnapshotAnnouncement.class));
        if (context.isRestored()) {
            waitingState.get().forEach(waiting::add);
            announcementState.get().forEach(restoredAnnouncements::add);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        metrics = new AssignMetrics(getMetricGroup(), () -> serving == null ? 0 : serving.version, () -> waiting.size());
        loaderThread = daemonThread("model-loader-");
        inferenceThread = daemonThread("inference-");
        mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
        batch = new ArrayList<>();
        inFlight = new ArrayDeque<>();
        restoreModel();
    }

    private ExecutorService daemonThread(String namePrefix) {
        String name = namePrefix + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Before the first event: after a restart, serve the newest checkpointed version that still loads; on a fresh
     * start, the store's newest version, if any. Later versions arrive as announcements.
     */
    private void restoreModel() {
        List<Long> versions = restoredAnnouncements.stream()
                .filter(a -> config.modelId().equals(a.modelId))
                .map(a -> a.version)
                .distinct()
                .sorted(Comparator.reverseOrder())
                .toList();
        restoredAnnouncements = null;
        for (long version : versions) {
            try {
                install(loader.load(config.modelId(), version), new SnapshotAnnouncement(config.modelId(), version, null));
                break;
            } catch (Exception e) {
                LOG.warn("Cannot restore model {} v{}: {}", config.modelId(), version, e.toString());
                metrics.rejectedSnapshots.inc();
            }
        }
        if (model == null && versions.isEmpty()) {
            tryLatestFromStore();
        }
        drainWaiting();
    }

    @Override
    public void processElement1(StreamRecord<DecodedEvent> element) throws Exception {
        metrics.eventsIn.inc();
        DecodedEvent event = element.getValue();
        pollLoading();
        if (model == null) {
            waiting.add(event);
            if (waiting.size() >= config.maxWaitingEvents()) {
                waitingFull();
            }
            return;
        }
        addToBatch(event);
    }

    @Override
    public void processElement2(StreamRecord<SnapshotAnnouncement> element) {
        SnapshotAnnouncement announcement = element.getValue();
        if (announcement.error != null) {
            LOG.warn("Ignoring snapshot announcement: {}", announcement.error);
            metrics.rejectedSnapshots.inc();
            return;
        }
        if (!config.modelId().equals(announcement.modelId)) {
            return;
        }
        long newest = Math.max(serving == null ? 0 : serving.version, loadingAnnouncement == null ? 0 : loadingAnnouncement.version);
        if (announcement.version <= newest) {
            LOG.debug("Ignoring {}: not newer than v{}", announcement, newest);
            return;
        }
        if (loading != null) {
            queuedAnnouncement = announcement; // load it once the current load settles; only the newest matters
            return;
        }
        startLoading(announcement);
    }

    /**
     * The waiting buffer is full and still no model serves. Wait for a load in flight, else take the store's newest
     * version directly; failing both, fail the task: Flink restarts from the last checkpoint and the events are read
     * again from Kafka, so nothing is lost while nobody has published a model.
     */
    private void waitingFull() throws Exception {
        while (model == null && loading != null) {
            awaitLoading();
        }
        if (model == null) {
            tryLatestFromStore();
        }
        if (model == null) {
            throw new IllegalStateException("No snapshot of model '" + config.modelId() + "' has been published and "
                    + waiting.size() + " events are waiting (limit " + config.maxWaitingEvents() + "). Publish a "
                    + "snapshot; the job restarts from its last checkpoint and loses no event.");
        }
    }

    private void tryLatestFromStore() {
        try {
            java.util.OptionalLong latest = loader.latestVersion(config.modelId());
            if (latest.isPresent()) {
                install(loader.load(config.modelId(), latest.getAsLong()),
                        new SnapshotAnnouncement(config.modelId(), latest.getAsLong(), null));
                drainWaiting();
            }
        } catch (Exception e) {
            LOG.warn("Cannot load the newest snapshot of {} from the store: {}", config.modelId(), e.toString());
            metrics.rejectedSnapshots.inc();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        waitingState.update(new ArrayList<>(waiting));
        List<SnapshotAnnouncement> known = new ArrayList<>();
        for (SnapshotAnnouncement a : new SnapshotAnnouncement[] {queuedAnnouncement, loadingAnnouncement, serving}) {
            if (a != null && known.size() < ANNOUNCEMENTS_KEPT) {
                known.add(a);
            }
        }
        announcementState.update(known);
    }

    @Override
    public void endInput(int inputId) {
        if (inputId == 1) {
            flush();
        }
    }

    /** Both inputs have ended (a bounded run): finish any load in flight so that waiting events can still be served. */
    @Override
    public void finish() throws Exception {
        while (loading != null) {
            awaitLoading();
        }
        flush();
        if (model == null && !waiting.isEmpty()) {
            LOG.error("{} events were never assigned: no model {} was ever loaded; sending them to the dead letters",
                    waiting.size(), config.modelId());
            while (!waiting.isEmpty()) {
                deadLetter(DeadLetters.of(waiting.poll().original,
                        new IllegalStateException("no model '" + config.modelId() + "' was loaded before the input ended"),
                        "NO_MODEL", DeadLetterHeaders.STAGE_INFERENCE, AssignOperator.class));
            }
        }
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (inFlight != null) {
            inFlight.forEach(InFlightBatch::awaitQuietly); // their model must not be closed under them
            inFlight.clear();
        }
        if (inferenceThread != null) {
            inferenceThread.shutdownNow();
        }
        if (loaderThread != null) {
            loaderThread.shutdownNow();
        }
        if (loading != null) {
            loading.thenAccept(ServingModel::close);
        }
        if (model != null) {
            model.close();
            model = null;
        }
        super.close();
    }

    private void addToBatch(DecodedEvent event) {
        int tensorSize = model.preprocessor().tensorSize();
        if (batchTensor == null || batchTensor.length != config.maxBatchSize() * tensorSize) {
            batchTensor = new float[config.maxBatchSize() * tensorSize];
        }
        model.preprocessor().toTensor(event.image(), batchTensor, batch.size() * tensorSize);
        batch.add(event);
        if (batch.size() >= config.maxBatchSize()) {
            submitBatch();
        } else if (batch.size() == 1) {
            long generation = batchGeneration;
            long due = getProcessingTimeService().getCurrentProcessingTime() + config.maxBatchDelay().toMillis();
            getProcessingTimeService().registerTimer(due, time -> {
                if (generation == batchGeneration) {
                    submitBatch();
                }
            });
        }
    }

    /** Embeds and emits every event received so far: before a checkpoint barrier, a model swap or the end of input. */
    private void flush() {
        submitBatch();
        while (!inFlight.isEmpty()) {
            completeOldest();
        }
    }

    /**
     * Hands the current batch to the inference thread, then emits the batch submitted before it, if any, while the new
     * one embeds. A batch left in flight is emitted by the next submission, a flush, or a mail once it completes.
     */
    private void submitBatch() {
        if (batch == null || batch.isEmpty()) {
            return;
        }
        List<DecodedEvent> pending = batch;
        batch = new ArrayList<>();
        batchGeneration++;
        InFlightBatch submitted = InFlightBatch.start(model, pending, batchTensor, inferenceThread);
        inFlight.add(submitted);
        batchTensor = null;
        submitted.whenDone(() -> {
            try {
                mailbox.execute(this::emitCompleted, "emit embedded batches");
            } catch (RejectedExecutionException e) {
                // the task is shutting down; finish() or close() settles the batch
            }
        });
        while (inFlight.size() > 1) {
            completeOldest();
        }
    }

    private void emitCompleted() {
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            completeOldest();
        }
    }

    /** Waits for the oldest batch in flight and emits its assignments (or dead letters, if inference failed). */
    private void completeOldest() {
        InFlightBatch done = inFlight.poll();
        List<ServingModel.Served> served;
        try {
            served = done.await();
        } catch (RuntimeException e) {
            LOG.error("Model {} v{} failed on a batch of {}; dead-lettering the batch", done.model.modelId(),
                    done.model.version(), done.events.size(), e);
            for (DecodedEvent p : done.events) {
                deadLetter(DeadLetters.of(p.original, e, "INFERENCE_FAILED", DeadLetterHeaders.STAGE_INFERENCE, AssignOperator.class));
            }
            return;
        } finally {
            if (batchTensor == null && done.model == model) {
                batchTensor = done.tensor; // free again, and the batch being filled has none yet
            }
        }
        metrics.inferenceMillis.update(done.inferenceMillis());
        metrics.batchSize.update(done.events.size());
        long now = System.currentTimeMillis();
        for (int i = 0; i < done.events.size(); i++) {
            DecodedEvent event = done.events.get(i);
            AssignmentRecord assignment = toAssignment(done.model, event, served.get(i), now);
            output.collect(new StreamRecord<>(assignment, assignment.eventTimeMs));
            metrics.assignmentsOut.inc();
            metrics.endToEndMillis.update(Math.max(0, now - event.original.timestamp));
        }
    }

    private static AssignmentRecord toAssignment(ServingModel model, DecodedEvent event, ServingModel.Served served, long now) {
        ClusterAssignmentResult result = served.assignment();
        AssignmentRecord out = new AssignmentRecord();
        out.eventId = event.eventId;
        out.eventTimeMs = event.eventTimeMs;
        out.source = event.source;
        out.attributes = event.attributes;
        out.label = event.label;
        out.modelId = model.modelId();
        out.modelVersion = model.version();
        out.clusterId = result.clusterId();
        out.clusterKey = model.clusterKey(result.clusterId());
        out.confidence = (float) result.confidence();
        out.topClusters = result.topClusters();
        out.topProbabilities = new float[result.topProbabilities().length];
        out.topClusterKeys = new String[out.topClusters.length];
        for (int k = 0; k < out.topProbabilities.length; k++) {
            out.topProbabilities[k] = (float) result.topProbabilities()[k];
            out.topClusterKeys[k] = model.clusterKey(out.topClusters[k]);
        }
        out.entropy = (float) result.entropy();
        out.noveltyScore = (float) result.noveltyScore();
        out.novel = result.novel();
        out.processingTimeMs = now;
        out.embedding = served.embedding();
        return out;
    }

    private void deadLetter(DeadLetter deadLetter) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(deadLetter));
        metrics.deadLetters.count(deadLetter.reason);
    }

    private void startLoading(SnapshotAnnouncement announcement) {
        LOG.info("Loading model {} in the background; {} keeps serving", announcement, serving == null ? "nothing" : serving);
        loadingAnnouncement = announcement;
        loading = CompletableFuture.supplyAsync(() -> {
            try {
                return loader.load(announcement.modelId, announcement.version);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, loaderThread);
        schedulePoll();
    }

    private void schedulePoll() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + LOAD_POLL_MILLIS;
        getProcessingTimeService().registerTimer(due, time -> {
            pollLoading();
            if (loading != null) {
                schedulePoll();
            }
        });
    }

    private void awaitLoading() {
        try {
            loading.join();
        } catch (RuntimeException ignored) {
            // pollLoading reports the failure
        }
        pollLoading();
    }

    /** Installs a model whose background load finished, or reports why it failed; then starts any queued load. */
    private void pollLoading() {
        if (loading == null || !loading.isDone()) {
            return;
        }
        CompletableFuture<ServingModel> done = loading;
        SnapshotAnnouncement announcement = loadingAnnouncement;
        loading = null;
        loadingAnnouncement = null;
        try {
            install(done.join(), announcement);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Rejected snapshot {}: {}; {} keeps serving", announcement, cause.getMessage(),
                    serving == null ? "nothing" : serving);
            metrics.rejectedSnapshots.inc();
        }
        drainWaiting();
        if (queuedAnnouncement != null) {
            SnapshotAnnouncement next = queuedAnnouncement;
            queuedAnnouncement = null;
            if (serving == null || next.version > serving.version) {
                startLoading(next);
            }
        }
    }

    private void install(ServingModel next, SnapshotAnnouncement announcement) {
        if (model != null) {
            flush(); // the current batch was preprocessed for the old model
            model.close();
            metrics.modelSwaps.inc();
        }
        model = next;
        serving = announcement;
        batchTensor = null;
        LOG.info("Now serving model {}", announcement);
    }

    private void drainWaiting() {
        while (model != null && !waiting.isEmpty()) {
            addToBatch(waiting.poll());
        }
    }
}
