package io.clusterstream.trainer.serve;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code trainer serve}'s engine. Three threads: a scheduler that asks for a refit every interval, a consumer of the
 * refit-requests topic that passes on this model's requests, and a worker that runs the refits one at a time from a
 * {@link RefitQueue}. {@link #close()} stops all three; a refit still fitting then ends without publishing.
 */
public final class RefitService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefitService.class);

    /** Where refit requests come from and which model this service refits. */
    public record RequestSource(Map<String, ?> kafkaProperties, String topic, String groupId, String modelId) {}

    private final RefitQueue queue = new RefitQueue();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Refitter refitter;
    private final RefitMetrics metrics;
    private final RequestSource source;
    private final Duration interval;
    private final Consumer<Refitter.Outcome> listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("refit-scheduler"));
    private final Thread worker;
    private final Thread requestReader;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param interval time between scheduled refits; zero or negative schedules none
     * @param listener told of every refit's outcome (on the worker thread)
     */
    public RefitService(Refitter.Setup setup, RefitMetrics metrics, RequestSource source, Duration interval,
            Consumer<Refitter.Outcome> listener, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.refitter = new Refitter(setup, metrics, stopping::get);
        this.source = Objects.requireNonNull(source, "source");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = daemon("refit-worker").newThread(this::work);
        this.requestReader = daemon("refit-requests").newThread(this::readRequests);
    }

    /** Starts the threads; the first scheduled refit comes one interval from now. */
    public void start() {
        worker.start();
        requestReader.start();
        if (!interval.isZero() && !interval.isNegative()) {
            scheduler.scheduleAtFixedRate(this::scheduleRefit, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Queues a refit as if it had been requested; false when the id was handled before. */
    public boolean submit(RefitRequest request) {
        return queue.offer(request);
    }

    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        queue.close();
        scheduler.shutdownNow();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        requestReader.join(10_000);
        worker.interrupt();
        // A fit in progress cannot be interrupted; it sees stopping when it ends and publishes nothing.
        worker.join(2_000);
    }

    private void scheduleRefit() {
        long now = clock.millis();
        boolean queued = queue.offer(RefitRequest.newBuilder()
                .setRequestId("scheduled-" + source.modelId() + "-" + now)
                .setModelId(source.modelId())
                .setTrigger(RefitTrigger.REFIT_TRIGGER_SCHEDULED)
                .setReason("scheduled every " + interval)
                .setRequestedTimeMs(now)
                .build());
        LOG.debug("scheduled refit queued: {}", queued);
    }

    private void work() {
        try {
            while (true) {
                var job = queue.take();
                if (job.isEmpty()) {
                    return;
                }
                try {
                    if (job.get().requests() > 1) {
                        LOG.info("one refit answers {} coalesced requests", job.get().requests());
                    }
                    listener.accept(refitter.refit(job.get().request()));
                } finally {
                    queue.finished();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readRequests() {
        Map<String, Object> config = new HashMap<>(source.kafkaProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (stopping.get()) {
                return;
            }
            kafka.subscribe(List.of(source.topic()));
            while (!stopping.get()) {
                var records = kafka.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record);
                }
                if (!records.isEmpty()) {
                    // Committed once queued: a restarted service does not redo what this one already took on.
                    kafka.commitSync();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("refit request reader woken up to stop");
        } catch (RuntimeException e) {
            LOG.error("refit request reader stopped; scheduled refits continue", e);
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        RefitRequest request;
        try {
            request = RefitRequest.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("skipping {}-{}@{}: not a RefitRequest ({})", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!source.modelId().equals(request.getModelId())) {
            return;
        }
        if (request.getRequestId().isEmpty()) {
            request = request.toBuilder().setRequestId(record.topic() + "-" + record.partition() + "-" + record.offset()).build();
        }
        if (queue.offer(request)) {
            metrics.requestAccepted();
            LOG.info("refit request {} accepted: {} ({})", request.getRequestId(), request.getTrigger(), request.getReason());
        } else {
            LOG.info("refit request {} ignored: handled before", request.getRequestId());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
