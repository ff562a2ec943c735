package io.clusterstream.local;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the service's outputs (assignments, drift, refit requests, snapshot announcements; committed records only)
 * into a {@link ServiceTimeline} and prints its summary line every {@code period} and on each notable event.
 */
public final class LiveSummary implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSummary.class);
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ServiceTimeline timeline = new ServiceTimeline();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PrintStream out;
    private final Duration period;
    private final Thread thread;
    private volatile boolean stopping;

    public LiveSummary(String bootstrapServers, PrintStream out, Duration period) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.out = out;
        this.period = period;
        this.thread = new Thread(this::run, "live-summary");
        this.thread.setDaemon(true);
    }

    public ServiceTimeline timeline() {
        return timeline;
    }

    public void start() {
        List<TopicPartition> partitions = List.of(Topics.ASSIGNMENTS, Topics.DRIFT, Topics.REFIT_REQUESTS, Topics.SNAPSHOTS)
                .stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
    }

    private void run() {
        long nextPrint = System.nanoTime() + period.toNanos();
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    accept(record);
                }
                if (System.nanoTime() >= nextPrint) {
                    print("");
                    nextPrint = System.nanoTime() + period.toNanos();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("live summary woken up to stop");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        long now = System.currentTimeMillis();
        try {
            switch (record.topic()) {
                case Topics.ASSIGNMENTS -> timeline.onAssignment(ClusterAssignment.parseFrom(record.value()), now);
                case Topics.DRIFT -> {
                    DriftReport report = DriftReport.parseFrom(record.value());
                    boolean firstAlert = report.getAlert() && timeline.alerts() == 0;
                    timeline.onDrift(report, now);
                    if (firstAlert) {
                        print("DRIFT ALERT: " + report.getAlertReason());
                    }
                }
                case Topics.REFIT_REQUESTS -> {
                    RefitRequest request = RefitRequest.parseFrom(record.value());
                    timeline.onRefitRequest(request, now);
                    print("REFIT REQUESTED: " + request.getReason());
                }
                case Topics.SNAPSHOTS -> {
                    SnapshotManifest manifest = SnapshotManifest.parseFrom(record.value());
                    timeline.onSnapshot(manifest, now);
                    print("SNAPSHOT ANNOUNCED: " + manifest.getModel().getModelId() + " v" + manifest.getModel().getVersion());
                }
                default -> { }
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.debug("unreadable record on {}: {}", record.topic(), e.getMessage());
        }
    }

    private void print(String event) {
        String time = TIME.format(java.time.LocalTime.now());
        if (!event.isEmpty()) {
            out.println(time + "  >>> " + event);
        }
        out.println(time + "  " + timeline.summaryLine());
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}
