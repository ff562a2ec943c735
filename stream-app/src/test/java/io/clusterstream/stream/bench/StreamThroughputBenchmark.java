package io.clusterstream.stream.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.ImageDecoder;
import io.clusterstream.core.image.ImageRejectedException;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.serving.OnnxEncoder;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.EncodedImage;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.stream.assign.AssignConfig;
import io.clusterstream.stream.assign.StoreModelLoader;
import io.clusterstream.stream.deadletter.DeadLetterSerializer;
import io.clusterstream.stream.drift.DriftConfig;
import io.clusterstream.stream.drift.DriftReportSerializer;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import io.clusterstream.stream.ingest.KafkaRecordDeserializer;
import io.clusterstream.stream.job.ClusteringJob;
import io.clusterstream.stream.output.AssignmentSerializer;
import io.clusterstream.stream.snapshots.SnapshotAnnouncementDeserializer;
import io.clusterstream.stream.testing.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The stream job benchmark: in one JVM and one run, an in-process Kafka broker, a Flink MiniCluster and the
 * clustering job serving {@link BenchmarkSnapshots}' CNN, measured against its peer, the same encoder called directly
 * through core's {@link OnnxEncoder}.
 *
 * <ol type="a">
 *   <li>Peer: batched ONNX Runtime throughput (batch 64, 1 intra-op thread), encoder only; the same plus PNG decoding
 *       and preprocessing; and two encoders on two threads at once (the ceiling for parallelism 2 on two cores).</li>
 *   <li>Whole-job throughput: N PNG {@code ImageEvent}s pre-loaded on a 2-partition topic, read by a bounded source,
 *       EXACTLY_ONCE sinks, checkpoints every second, parallelism 1 then 2; from job submission to job completion.</li>
 *   <li>Latency at half the best measured job rate, AT_LEAST_ONCE, unbounded job: a paced producer stamps the send
 *       time into the record timestamp and the event time; a consumer of the assignments subtracts it.</li>
 *   <li>Heap: used after each GC (collector notifications) during every run, and after forced full GCs while the
 *       live job runs. Broker, clients and MiniCluster all share this JVM.</li>
 *   <li>Hot swap: during the paced traffic a second version is published and announced; the largest gap between
 *       consecutive assignments per input partition around the swap, and the time to the first v2 assignment.</li>
 * </ol>
 *
 * Settings are system properties: {@code bench.events} (20000), {@code bench.peer.seconds} (5),
 * {@code bench.warmup.seconds} (5), {@code bench.latency.seconds} (20), {@code bench.swap.seconds} (10),
 * {@code bench.parallelisms} (1,2). Figures are printed as a table on standard output; progress goes to standard
 * error.
 */
public final class StreamThroughputBenchmark {

    private static final String MODEL_ID = "bench-cnn";
    private static final int BATCH = 64;
    private static final int PARTITIONS = 2;
    private static final long CHECKPOINT_INTERVAL_MS = 1000;
    private static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final long EVENT_TIME_BASE = 1_700_000_000_000L;
    private static final int WARM_UP_EVENTS = 2_000;

    private final int events = Integer.getInteger("bench.events", 20_000);
    private final int peerSeconds = Integer.getInteger("bench.peer.seconds", 5);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 5);
    private final int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
    private final int swapSeconds = Integer.getInteger("bench.swap.seconds", 10);
    private final int[] parallelisms = Arrays.stream(System.getProperty("bench.parallelisms", "1,2").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();

    private final List<String[]> table = new ArrayList<>();
    private volatile double lastPeerCores;
    private final HeapAfterGc heap = new HeapAfterGc();
    private Path work;
    private Path store;
    private byte[][] pngs;
    private int[] labels;
    private KafkaBroker kafka;
    private MiniClusterWithClientResource flink;

    public static void main(String[] args) throws Exception {
        StreamThroughputBenchmark benchmark = new StreamThroughputBenchmark();
        int status = 0;
        try {
            benchmark.run();
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // Flink and Kafka leave non-daemon threads behind.
        System.exit(status);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        work = Files.createTempDirectory("clusterstream-bench-");
        store = work.resolve("store");
        try {
            row("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "");
            row("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                    + mib(physicalMemory()) + " MiB RAM, max heap " + mib(Runtime.getRuntime().maxMemory()) + " MiB",
                    System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));

            loadFixture();
            progress("building the benchmark encoder snapshot");
            Snapshot v1 = BenchmarkSnapshots.publish(store, MODEL_ID, 1, 1);
            row("encoder", "bench-cnn4, " + BenchmarkSnapshots.parameterCount(BenchmarkSnapshots.encoder(1)) + " parameters",
                    "3x32x32 → 128-d, K=" + BenchmarkSnapshots.NUM_CLUSTERS + " cosine prototypes, T=" + BenchmarkSnapshots.TEMPERATURE);

            Peer peer = peer(v1);

            progress("starting the Kafka broker and the Flink MiniCluster");
            kafka = KafkaBroker.start();
            flink = new MiniClusterWithClientResource(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());
            flink.before();
            try {
                heap.listen();
                long idleHeap = heap.forcedSample();
                row("(d) heap after full GC, idle", mib(idleHeap) + " MiB", "broker + MiniCluster + benchmark, no job running");
                String imagesTopic = preload();
                // The first job in a JVM pays for class loading and JIT compilation; keep that out of the figures.
                bounded(parallelisms[0], imagesTopic, peer, idleHeap, true);
                double bestRate = 0;
                int bestParallelism = parallelisms[0];
                for (int p : parallelisms) {
                    double rate = bounded(p, imagesTopic, peer, idleHeap, false);
                    if (rate > bestRate) {
                        bestRate = rate;
                        bestParallelism = p;
                    }
                }
                live(bestParallelism, bestRate / 2, idleHeap);
            } finally {
                progress("stopping the MiniCluster and the broker");
                flink.after();
                kafka.close();
            }
        } finally {
            deleteRecursively(work);
        }
        row("total benchmark time", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9), "");
        printTable();
    }

    // ------------------------------------------------------------------------------------------------ (a) the peer

    /** Rates in images/s; {@code encoderOnlyPerCpuSecond} is images per CPU second of the 1-thread encoder-only peer. */
    private record Peer(double encoderOnly, double encoderOnlyPerCpuSecond, double withDecode, double twoThreads) {}

    private Peer peer(Snapshot snapshot) throws Exception {
        Preprocessor preprocessor = new Preprocessor(snapshot.manifest().getPreprocessing());
        int size = preprocessor.tensorSize();
        // Five batches of 64 covering the 300 fixture images (and 20 again), preprocessed once.
        int batches = (CifarFixture.SIZE + BATCH - 1) / BATCH;
        float[][] tensors = new float[batches][BATCH * size];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < BATCH; i++) {
                preprocessor.toTensor(CifarFixture.image((b * BATCH + i) % CifarFixture.SIZE), tensors[b], i * size);
            }
        }

        progress("(a) peer: OnnxEncoder, batch " + BATCH + ", 1 thread, encoder only");
        double encoderOnly;
        try (OnnxEncoder encoder = loadEncoder(snapshot)) {
            int[] next = {0};
            encoderOnly = measure(() -> {
                encoder.embed(tensors[next[0]++ % batches], BATCH);
                return BATCH;
            });
        }
        double encoderOnlyPerCpuSecond = encoderOnly / lastPeerCores;
        row("(a) peer: OnnxEncoder, batch 64, 1 thread", rate(encoderOnly), "encoder only, preprocessed tensors; " + cores(lastPeerCores));

        progress("(a) peer: PNG decode + preprocess + OnnxEncoder");
        double withDecode;
        try (OnnxEncoder encoder = loadEncoder(snapshot)) {
            ImageDecoder decoder = new ImageDecoder();
            float[] batch = new float[BATCH * size];
            int[] next = {0};
            withDecode = measure(() -> {
                for (int i = 0; i < BATCH; i++) {
                    try {
                        preprocessor.toTensor(decoder.decode(pngs[next[0]++ % pngs.length]), batch, i * size);
                    } catch (ImageRejectedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                encoder.embed(batch, BATCH);
                return BATCH;
            });
        }
        row("(a) peer: PNG decode + preprocess + encoder", rate(withDecode), ratio(withDecode, encoderOnly) + " of encoder only; "
                + cores(lastPeerCores));

        progress("(a) peer: two encoders on two threads at once");
        double[] rates = new double[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                try (OnnxEncoder encoder = loadEncoder(snapshot)) {
                    int[] next = {index};
                    rates[index] = measure(() -> {
                        encoder.embed(tensors[next[0]++ % batches], BATCH);
                        return BATCH;
                    });
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "peer-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("two-thread peer failed", failure.get());
        }
        double twoThreads = rates[0] + rates[1];
        row("(a) peer: 2 encoders x 1 thread, concurrently", rate(twoThreads), ratio(twoThreads, encoderOnly) + " of 1 thread; "
                + cores(lastPeerCores));
        return new Peer(encoderOnly, encoderOnlyPerCpuSecond, withDecode, twoThreads);
    }

    private static OnnxEncoder loadEncoder(Snapshot snapshot) {
        Preprocessor preprocessor = new Preprocessor(snapshot.manifest().getPreprocessing());
        return OnnxEncoder.load(snapshot.encoder(), snapshot.manifest().getEncoderSignature().getOutputName(),
                preprocessor.channels(), preprocessor.height(), preprocessor.width(), snapshot.manifest().getEmbeddingDim(), 1);
    }

    /** Calls {@code step} (which returns the images it handled) for 2 s of warm-up, then for the measured time. */
    private double measure(IntSupplier step) {
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < warmupEnd) {
            step.getAsInt();
        }
        long startCpu = CpuMeter.processCpuNanos();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(peerSeconds);
        long images = 0;
        long now;
        do {
            images += step.getAsInt();
            now = System.nanoTime();
        } while (now < end);
        lastPeerCores = (CpuMeter.processCpuNanos() - startCpu) / (double) (now - start);
        return images / ((now - start) / 1e9);
    }

    // ------------------------------------------------------------------------------------ (b) whole-job throughput

    private String preload() throws Exception {
        String topic = "bench.images";
        kafka.createTopics(PARTITIONS, topic);
        progress("(b) pre-loading " + events + " PNG image events onto " + topic);
        long start = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            for (int i = 0; i < events; i++) {
                String id = "img-" + i;
                byte[] value = event(id, EVENT_TIME_BASE + i, i % pngs.length).toByteArray();
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, id.getBytes(UTF_8), value), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("pre-loading failed", failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = Arrays.stream(pngs).mapToLong(png -> png.length).sum() * events / pngs.length;
        row("(b) pre-load", events + " events in " + String.format(Locale.ROOT, "%.1f s", seconds),
                "~" + mib(bytes) + " MiB of PNG, " + PARTITIONS + " partitions, cycling the " + pngs.length + " fixture images");
        return topic;
    }

    /** Runs the job over the pre-loaded topic with a bounded source; returns images/s from submission to completion. */
    private double bounded(int parallelism, String imagesTopic, Peer peer, long idleHeap, boolean warmUp) throws Exception {
        String prefix = (warmUp ? "bench.warmup.p" : "bench.p") + parallelism;
        Topics topics = Topics.create(kafka, prefix, imagesTopic);
        announce(topics.snapshots(), store, 1);
        // The warm-up reads only the first WARM_UP_EVENTS events.
        int count = warmUp ? Math.min(events, WARM_UP_EVENTS) : events;
        OffsetsInitializer stop = OffsetsInitializer.latest();
        if (warmUp) {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                // Event i went to partition i % PARTITIONS.
                offsets.put(new TopicPartition(imagesTopic, partition), (long) ((count - partition + PARTITIONS - 1) / PARTITIONS));
            }
            stop = OffsetsInitializer.offsets(offsets);
        }
        StreamExecutionEnvironment env = environment(parallelism);
        ClusteringJob.build(env,
                images(imagesTopic, prefix, stop),
                snapshots(topics.snapshots(), prefix, true),
                new StoreModelLoader(store, ServingOptions.DEFAULTS),
                AssignConfig.defaults().withModelId(MODEL_ID),
                DriftConfig.defaults(),
                MAX_OUT_OF_ORDERNESS,
                sinks(topics, prefix, DeliveryGuarantee.EXACTLY_ONCE));
        progress("(b) " + (warmUp ? "warm-up " : "") + "job, parallelism " + parallelism + ", EXACTLY_ONCE, bounded: "
                + count + " events");
        heap.reset();
        CpuMeter cpu = new CpuMeter();
        long start = System.nanoTime();
        JobClient job = env.executeAsync(prefix);
        job.getJobExecutionResult().get(15, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage usage = cpu.stop();
        HeapAfterGc.Window gcs = heap.window();
        if (warmUp) {
            row("(b) warm-up job p=" + parallelism + " (not a result)", rate(count / seconds),
                    String.format(Locale.ROOT, "%d events, %.1f s; warms the JIT, Flink and Kafka clients", count, seconds));
            return Double.NaN;
        }

        List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll(topics.assignments(), events, Duration.ofSeconds(60));
        Set<String> ids = new HashSet<>();
        long firstProcessed = Long.MAX_VALUE;
        long lastProcessed = Long.MIN_VALUE;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
            ids.add(assignment.getEventId());
            firstProcessed = Math.min(firstProcessed, assignment.getProcessingTimeMs());
            lastProcessed = Math.max(lastProcessed, assignment.getProcessingTimeMs());
        }
        int deadLetters = kafka.readAll(topics.deadLetters(), 0, Duration.ofSeconds(10)).size();
        double rate = events / seconds;
        double steady = records.size() > 1 && lastProcessed > firstProcessed
                ? (records.size() - 1) / ((lastProcessed - firstProcessed) / 1e3) : Double.NaN;
        String label = "(b) job p=" + parallelism + ", EXACTLY_ONCE";
        row(label, rate(rate), String.format(Locale.ROOT, "%.1f s submit→finished; %s of peer (1 thread)%s",
                seconds, ratio(rate, peer.encoderOnly()),
                parallelism > 1 ? ", " + ratio(rate, peer.twoThreads()) + " of 2-thread peer" : ""));
        row(label + ", first→last assignment", rate(steady), ratio(steady, peer.encoderOnly())
                + " of peer; excludes deployment, model load and the final commit");
        row(label + ", CPU", String.format(Locale.ROOT, "%.2f cores", usage.cores()), usage.describe());
        CpuMeter.RoleTime inference = usage.role("inference");
        if (inference != null && inference.cpuSeconds() > 0) {
            double perCpuSecond = count / inference.cpuSeconds();
            row(label + ", inference threads", inference.describe(usage.wallSeconds()),
                    String.format(Locale.ROOT, "%s per inference CPU second, %s of the peer's %s per CPU second",
                            rate(perCpuSecond), ratio(perCpuSecond, peer.encoderOnlyPerCpuSecond()), rate(peer.encoderOnlyPerCpuSecond())));
        }
        row(label + ", output check", records.size() + " assignments, " + ids.size() + " distinct, " + deadLetters + " dead letters",
                records.size() == events && ids.size() == events ? "exactly once: OK" : "MISMATCH: expected " + events);
        if (ids.size() != events) {
            // A log start offset above 0 means the broker deleted records (retention), which no isolation level shows.
            row(label + ", missing events", missingRanges(ids, "img-"),
                    kafka.readAllUncommitted(topics.assignments(), events, Duration.ofSeconds(10)).size()
                            + " records in the topic including uncommitted and aborted ones; log start offsets "
                            + kafka.logStartOffsets(topics.assignments()));
        }
        row("(d) heap after GC, job p=" + parallelism, gcs.describe(), "max/last of heap used after each collection during the run; idle was "
                + mib(idleHeap) + " MiB");
        return rate;
    }

    // ---------------------------------------------------------------------------------- (c) latency, (d), (e) swap

    private void live(int parallelism, double rate, long idleHeap) throws Exception {
        String prefix = "bench.live";
        String imagesTopic = prefix + ".images";
        kafka.createTopics(PARTITIONS, imagesTopic);
        Topics topics = Topics.create(kafka, prefix, imagesTopic);
        announce(topics.snapshots(), store, 1);
        progress("(e) preparing snapshot v2");
        SnapshotDraft v2 = BenchmarkSnapshots.draft(MODEL_ID, 2, 2);

        StreamExecutionEnvironment env = environment(parallelism);
        ClusteringJob.build(env,
                images(imagesTopic, prefix, null),
                snapshots(topics.snapshots(), prefix, false),
                new StoreModelLoader(store, ServingOptions.DEFAULTS),
                AssignConfig.defaults().withModelId(MODEL_ID),
                DriftConfig.defaults(),
                MAX_OUT_OF_ORDERNESS,
                sinks(topics, prefix, DeliveryGuarantee.AT_LEAST_ONCE));
        JobClient job = env.executeAsync(prefix);
        awaitRunning(job);

        int total = (int) Math.ceil(rate * (warmupSeconds + latencySeconds + 5 + swapSeconds + 5)) + 1000;
        LiveLog log = new LiveLog(total);
        Consumer consumer = new Consumer(topics.assignments(), log);
        consumer.startReading();
        Pacer pacer = new Pacer(imagesTopic, rate, log);
        progress(String.format(Locale.ROOT, "(c) live job p=%d, AT_LEAST_ONCE, paced at %.0f images/s (half the best job rate)",
                parallelism, rate));
        pacer.startSending();
        long t0 = pacer.startedMs.get();
        long latencyFrom = t0 + warmupSeconds * 1000L;
        long latencyTo = t0 + (warmupSeconds + latencySeconds) * 1000L;
        sleepUntil(latencyFrom);
        heap.reset();
        CpuMeter cpu = new CpuMeter();
        sleepUntil(latencyTo);
        CpuMeter.Usage usage = cpu.stop();
        HeapAfterGc.Window gcs = heap.window();

        progress("(d) forced full GCs while the live job runs");
        long[] forced = new long[3];
        for (int i = 0; i < forced.length; i++) {
            forced[i] = heap.forcedSample();
            Thread.sleep(1000);
        }
        Thread.sleep(2000); // let the pauses drain before the swap window

        progress("(e) publishing and announcing v2");
        long publishStart = System.currentTimeMillis();
        Snapshot published = new FileSnapshotStore(store).publish(v2);
        long announcedMs = System.currentTimeMillis();
        kafka.send(topics.snapshots(), MODEL_ID.getBytes(UTF_8), published.manifest().toByteArray());
        sleepUntil(announcedMs + swapSeconds * 1000L);
        pacer.stopAndJoin();
        Thread.sleep(3000);
        consumer.stopAndJoin();
        job.cancel().get(60, TimeUnit.SECONDS);

        // (c) latency
        int sent = pacer.sent();
        Stats endToEnd = new Stats();
        Stats inJob = new Stats();
        int windowSent = 0;
        for (int i = 0; i < sent; i++) {
            long sendMs = log.sendMs[i];
            if (sendMs < latencyFrom || sendMs >= latencyTo) {
                continue;
            }
            windowSent++;
            if (log.receivedMs[i] > 0) {
                endToEnd.add(log.receivedMs[i] - sendMs);
                inJob.add(log.processedMs[i] - sendMs);
            }
        }
        String latencyNote = String.format(Locale.ROOT, "%d events sent over %d s (%.0f/s), %d assigned; p=%d",
                windowSent, latencySeconds, windowSent / (double) latencySeconds, endToEnd.count(), parallelism);
        row("(c) latency send→consumed, p50 / p99 / max", endToEnd.describe(), latencyNote);
        row("(c) latency send→assigned (processing_time), p50 / p99", inJob.p(0.50) + " / " + inJob.p(0.99) + " ms",
                "processing_time_ms − event_time_ms, event time = send time");
        row("(c) CPU during the latency window", String.format(Locale.ROOT, "%.2f cores", usage.cores()), usage.describe());
        long steadyGap = maxGap(log, sent, latencyFrom, latencyTo);
        row("(c) largest gap between assignments, steady", steadyGap + " ms", "per input partition, over the latency window");

        // (d) heap
        row("(d) heap after GC, live job", gcs.describe(), "collections during the latency window");
        long[] sorted = forced.clone();
        Arrays.sort(sorted);
        row("(d) heap after forced full GC, live job", mib(sorted[1]) + " MiB (median of 3)",
                "idle " + mib(idleHeap) + " MiB, so the job adds ~" + mib(sorted[1] - idleHeap) + " MiB; RSS " + rss());

        // (e) hot swap
        long firstV2 = Long.MAX_VALUE;
        int v1After = 0;
        int missing = 0;
        for (int i = 0; i < sent; i++) {
            if (log.receivedMs[i] == 0) {
                missing++;
                continue;
            }
            if (log.version[i] == 2) {
                firstV2 = Math.min(firstV2, log.processedMs[i]);
            } else if (log.processedMs[i] >= announcedMs) {
                v1After++;
            }
        }
        if (firstV2 == Long.MAX_VALUE) {
            row("(e) hot swap", "NO v2 ASSIGNMENT", "v2 was announced but never served");
        } else {
            long swapGap = maxGap(log, sent, announcedMs - 1000, firstV2 + 1000);
            Stats swapLatency = new Stats();
            for (int i = 0; i < sent; i++) {
                if (log.sendMs[i] >= announcedMs && log.sendMs[i] < announcedMs + swapSeconds * 1000L && log.receivedMs[i] > 0) {
                    swapLatency.add(log.receivedMs[i] - log.sendMs[i]);
                }
            }
            row("(e) hot swap: announce → first v2 assignment", (firstV2 - announcedMs) + " ms",
                    v1After + " images served by v1 meanwhile; publish took " + (announcedMs - publishStart) + " ms (before the announcement)");
            row("(e) hot swap: largest gap between assignments", swapGap + " ms",
                    "per input partition, from 1 s before the announcement to 1 s after the first v2 (steady: " + steadyGap + " ms)");
            row("(e) latency during the swap, p50 / p99 / max", swapLatency.describe(), "events sent in the " + swapSeconds + " s after the announcement");
        }
        row("(c)+(e) live run completeness", (sent - missing) + " of " + sent + " sent events assigned",
                missing == 0 ? "none lost" : missing + " not seen in the 3 s after the producer stopped");
    }

    /** The ranges of pre-loaded event numbers with no committed assignment, e.g. "img-4096..img-5375 (640 of partition 1)". */
    private String missingRanges(Set<String> ids, String prefix) {
        List<String> ranges = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int from = -1;
            int count = 0;
            for (int i = partition; i <= events; i += PARTITIONS) {
                boolean missing = i < events && !ids.contains(prefix + i);
                if (missing && from < 0) {
                    from = i;
                }
                if (missing) {
                    count++;
                } else if (from >= 0) {
                    ranges.add(prefix + from + ".." + prefix + (i - PARTITIONS) + " (" + count + " of partition " + partition + ")");
                    from = -1;
                    count = 0;
                }
            }
        }
        return ranges.size() > 6 ? ranges.subList(0, 6) + " and " + (ranges.size() - 6) + " more ranges" : ranges.toString();
    }

    /** Largest gap between consecutive assignment processing times, per input partition, within [from, to). */
    private static long maxGap(LiveLog log, int sent, long from, long to) {
        long max = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<Long> times = new ArrayList<>();
            for (int i = partition; i < sent; i += PARTITIONS) {
                long t = log.processedMs[i];
                if (log.receivedMs[i] > 0 && t >= from && t < to) {
                    times.add(t);
                }
            }
            times.sort(Comparator.naturalOrder());
            for (int j = 1; j < times.size(); j++) {
                max = Math.max(max, times.get(j) - times.get(j - 1));
            }
        }
        return max;
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live job did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(50);
        }
    }

    /** What happened to each live event, indexed by its sequence number. */
    private static final class LiveLog {
        final long[] sendMs;
        final long[] receivedMs;
        final long[] processedMs;
        final long[] version;

        LiveLog(int capacity) {
            sendMs = new long[capacity];
            receivedMs = new long[capacity];
            processedMs = new long[capacity];
            version = new long[capacity];
        }
    }

    /**
     * Sends live events at a fixed rate, each stamped with its send time (record timestamp and event time), with the
     * producer defaults of a real client (acks=all, linger.ms 5).
     */
    private final class Pacer extends Thread {
        private final String topic;
        private final double rate;
        private final LiveLog log;
        private final AtomicLong sent = new AtomicLong();
        final AtomicLong startedMs = new AtomicLong();
        private final CountDownLatch begun = new CountDownLatch(1);
        private volatile boolean running = true;

        Pacer(String topic, double rate, LiveLog log) {
            super("bench-pacer");
            setDaemon(true);
            this.topic = topic;
            this.rate = rate;
            this.log = log;
        }

        /** Starts sending and returns once the first event is due. */
        void startSending() throws InterruptedException {
            start();
            begun.await();
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
                long startNanos = System.nanoTime();
                startedMs.set(System.currentTimeMillis());
                begun.countDown();
                double intervalNanos = 1e9 / rate;
                for (int i = 0; running && i < log.sendMs.length; i++) {
                    long due = startNanos + (long) (i * intervalNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String id = "live-" + i;
                    long now = System.currentTimeMillis();
                    log.sendMs[i] = now;
                    byte[] value = event(id, now, i % pngs.length).toByteArray();
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, now, id.getBytes(UTF_8), value));
                    sent.set(i + 1);
                }
            }
        }

        int sent() {
            return (int) sent.get();
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
        }
    }

    /** Reads the assignments topic as they arrive and notes when each live event came back. */
    private final class Consumer extends Thread {
        private final String topic;
        private final LiveLog log;
        private volatile boolean running = true;
        private final CountDownLatch assigned = new CountDownLatch(1);

        Consumer(String topic, LiveLog log) {
            super("bench-consumer");
            setDaemon(true);
            this.topic = topic;
            this.log = log;
        }

        /** Starts reading and returns once the consumer is positioned at the beginning of the topic. */
        void startReading() throws InterruptedException {
            start();
            assigned.await();
        }

        @Override
        public void run() {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                partitions.forEach(consumer::position);
                assigned.countDown();
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        ClusterAssignment assignment = ClusterAssignment.parseFrom(record.value());
                        int i = Integer.parseInt(assignment.getEventId().substring("live-".length()));
                        if (i < log.receivedMs.length && log.receivedMs[i] == 0) {
                            log.receivedMs[i] = now;
                            log.processedMs[i] = assignment.getProcessingTimeMs();
                            log.version[i] = assignment.getModel().getVersion();
                        }
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                assigned.countDown();
            }
        }

        void stopAndJoin() throws InterruptedException {
            running = false;
            join();
        }
    }

    // ------------------------------------------------------------------------------------------------- the wiring

    private record Topics(String images, String snapshots, String assignments, String deadLetters, String drift) {
        static Topics create(KafkaBroker kafka, String prefix, String images) {
            Topics topics = new Topics(images, prefix + ".snapshots", prefix + ".assignments", prefix + ".dlq", prefix + ".drift");
            kafka.createTopics(topics.snapshots(), topics.assignments(), topics.deadLetters(), topics.drift());
            return topics;
        }
    }

    private void announce(String topic, Path storeRoot, long version) throws IOException {
        Snapshot snapshot = new FileSnapshotStore(storeRoot).load(MODEL_ID, version);
        kafka.send(topic, MODEL_ID.getBytes(UTF_8), snapshot.manifest().toByteArray());
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS);
        return env;
    }

    /** The image source from the beginning of {@code topic}; bounded by {@code stop} unless it is null. */
    private KafkaSource<KafkaRecord> images(String topic, String group, OffsetsInitializer stop) {
        KafkaSourceBuilder<KafkaRecord> builder = KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(group + "-images")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordDeserializer());
        if (stop != null) {
            builder.setBounded(stop);
        }
        return builder.build();
    }

    private KafkaSource<SnapshotAnnouncement> snapshots(String topic, String group, boolean bounded) {
        KafkaSourceBuilder<SnapshotAnnouncement> builder = KafkaSource.<SnapshotAnnouncement>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(group + "-snapshots")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SnapshotAnnouncementDeserializer());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private ClusteringJob.Sinks sinks(Topics topics, String prefix, DeliveryGuarantee guarantee) {
        return new ClusteringJob.Sinks(
                sink(new AssignmentSerializer(topics.assignments(), false), prefix + "-assignments", guarantee),
                sink(new DeadLetterSerializer(topics.deadLetters()), prefix + "-dlq", guarantee),
                sink(new DriftReportSerializer(topics.drift()), prefix + "-drift", guarantee));
    }

    private <T> KafkaSink<T> sink(KafkaRecordSerializationSchema<T> serializer, String transactionalIdPrefix,
            DeliveryGuarantee guarantee) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", "60000");
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(producer)
                .build();
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(overrides);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private ImageEvent event(String id, long eventTimeMs, int image) {
        return ImageEvent.newBuilder()
                .setEventId(id)
                .setEventTimeMs(eventTimeMs)
                .setSource("camera-" + image % 3)
                .setEncoded(EncodedImage.newBuilder().setData(ByteString.copyFrom(pngs[image])).setMediaType("image/png"))
                .setLabel(labels[image])
                .build();
    }

    private void loadFixture() {
        LabeledImages images = CifarFixture.load();
        pngs = new byte[images.size()][];
        labels = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            pngs[i] = CifarFixture.pngBytes(i);
            labels[i] = CifarFixture.label(i);
        }
    }

    // -------------------------------------------------------------------------------------------------- measuring

    /** Heap used right after each garbage collection, from the collectors' notifications. */
    private static final class HeapAfterGc {
        private final Set<String> heapPools = new HashSet<>();
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final AtomicLong count = new AtomicLong();

        record Window(long count, long max, long last) {
            String describe() {
                return count == 0 ? "no collection" : mib(max) + " / " + mib(last) + " MiB (" + count + " GCs)";
            }
        }

        void listen() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(pool.getKey())) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    last.set(used);
                    max.accumulateAndGet(used, Math::max);
                    count.incrementAndGet();
                }, null, null);
            }
        }

        void reset() {
            max.set(0);
            count.set(0);
        }

        Window window() {
            return new Window(count.get(), max.get(), last.get());
        }

        /** A full collection, then the heap in use (MemoryMXBean). */
        long forcedSample() {
            ManagementFactory.getMemoryMXBean().gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }

    /**
     * CPU time over a stretch of the run: the whole process (every thread, GC and JIT included) and the job's own
     * threads (Flink task threads, the assign operators' inference threads, which run ONNX Runtime with one intra-op
     * thread, and the sinks' Kafka producers), also per role (the thread name without subtask and chain suffixes).
     * Threads are polled every 100 ms so that task threads that end with the job are still counted.
     */
    private static final class CpuMeter {
        private static final java.util.regex.Pattern TASK_THREAD = java.util.regex.Pattern.compile(
                ".*\\(\\d+/\\d+\\)#\\d+.*|inference-\\d+|kafka-producer-network-thread \\| producer-bench\\..*");
        private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // id -> {first seen, last seen} CPU ns, then {first, last} waited + blocked ms, then {first, last} poll time ns
        private final Map<Long, long[]> jobThreads = new java.util.HashMap<>();
        private final Map<Long, String> roles = new java.util.HashMap<>();
        private final long startNanos = System.nanoTime();
        private final long startProcessCpu = processCpuNanos();
        private volatile boolean running = true;
        private final Thread poller;

        /** A role's threads over their lifetime within the window: CPU, waiting (parked, sleeping, blocked), alive. */
        record RoleTime(double cpuSeconds, double waitSeconds, double aliveSeconds) {
            RoleTime plus(RoleTime other) {
                return new RoleTime(cpuSeconds + other.cpuSeconds, waitSeconds + other.waitSeconds, aliveSeconds + other.aliveSeconds);
            }

            /** In cores over the window; the rest of their lifetime they were runnable without a core. */
            String describe(double wallSeconds) {
                return String.format(Locale.ROOT, "CPU %.2f, waiting %.2f, runnable without a core %.2f (cores)",
                        cpuSeconds / wallSeconds, waitSeconds / wallSeconds,
                        Math.max(0, aliveSeconds - cpuSeconds - waitSeconds) / wallSeconds);
            }
        }

        record Usage(double wallSeconds, double processCpuSeconds, double jobCpuSeconds, Map<String, Double> jobCpuByRole,
                Map<String, RoleTime> roleTimes) {
            RoleTime role(String name) {
                return roleTimes.get(name);
            }

            double cores() {
                return processCpuSeconds / wallSeconds;
            }

            String describe() {
                return String.format(Locale.ROOT, "CPU %.2f cores busy: job threads %.2f, rest %.2f (broker, Flink runtime, "
                        + "benchmark clients, GC, JIT)", cores(), jobCpuSeconds / wallSeconds,
                        (processCpuSeconds - jobCpuSeconds) / wallSeconds) + byRole();
            }

            /** The job threads' busiest roles, in cores. */
            private String byRole() {
                StringBuilder out = new StringBuilder();
                jobCpuByRole.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(5)
                        .forEach(e -> out.append(out.length() == 0 ? "; job threads by role: " : ", ")
                                .append(e.getKey()).append(String.format(Locale.ROOT, " %.2f", e.getValue() / wallSeconds)));
                return out.toString();
            }
        }

        CpuMeter() {
            if (threads.isThreadContentionMonitoringSupported()) {
                threads.setThreadContentionMonitoringEnabled(true);
            }
            poll();
            poller = new Thread(() -> {
                while (running) {
                    poll();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-cpu-meter");
            poller.setDaemon(true);
            poller.start();
        }

        private synchronized void poll() {
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null || !TASK_THREAD.matcher(info.getThreadName()).matches()) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu < 0) {
                    continue;
                }
                roles.computeIfAbsent(info.getThreadId(), id -> role(info.getThreadName()));
                long waited = Math.max(0, info.getWaitedTime()) + Math.max(0, info.getBlockedTime());
                long now = System.nanoTime();
                long[] seen = jobThreads.computeIfAbsent(info.getThreadId(), id -> new long[] {cpu, cpu, waited, waited, now, now});
                seen[1] = cpu;
                seen[3] = waited;
                seen[5] = now;
            }
        }

        /** Stops polling and returns the usage since construction. */
        Usage stop() throws InterruptedException {
            running = false;
            poller.interrupt();
            poller.join();
            poll();
            double wall = (System.nanoTime() - startNanos) / 1e9;
            double process = (processCpuNanos() - startProcessCpu) / 1e9;
            long job;
            Map<String, Double> byRole = new java.util.TreeMap<>();
            Map<String, RoleTime> roleTimes = new java.util.TreeMap<>();
            synchronized (this) {
                job = jobThreads.values().stream().mapToLong(seen -> seen[1] - seen[0]).sum();
                jobThreads.forEach((id, seen) -> {
                    byRole.merge(roles.get(id), (seen[1] - seen[0]) / 1e9, Double::sum);
                    roleTimes.merge(roles.get(id), new RoleTime((seen[1] - seen[0]) / 1e9, (seen[3] - seen[2]) / 1e3,
                            (seen[5] - seen[4]) / 1e9), RoleTime::plus);
                });
            }
            return new Usage(wall, process, job / 1e9, byRole, roleTimes);
        }

        /** "assign", "Source: images", "inference", "producers", ...: a thread name without subtask and chain. */
        static String role(String threadName) {
            if (threadName.startsWith("kafka-producer-network-thread")) {
                return "producers";
            }
            return threadName.replaceAll("\\s*(->.*|\\(\\d+/\\d+\\)#\\d+.*)$", "").replaceAll("-\\d+$", "");
        }

        static long processCpuNanos() {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
        }
    }

    private static final class Stats {
        private long[] values = new long[1024];
        private int count;

        void add(long value) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = value;
        }

        int count() {
            return count;
        }

        long p(double quantile) {
            if (count == 0) {
                return -1;
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(quantile * count) - 1)];
        }

        String describe() {
            return count == 0 ? "no data" : p(0.50) + " / " + p(0.99) + " / " + p(1.0) + " ms";
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static String rss() {
        try {
            String rss = "?";
            String peak = "?";
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kbToMib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kbToMib(line);
                }
            }
            return rss + " MiB (peak " + peak + " MiB, whole process)";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String kbToMib(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.toString(Long.parseLong(parts[1]) / 1024);
    }

    private static long physicalMemory() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static String rate(double imagesPerSecond) {
        return Double.isNaN(imagesPerSecond) ? "n/a" : String.format(Locale.ROOT, "%.0f images/s", imagesPerSecond);
    }

    private static String cores(double busy) {
        return String.format(Locale.ROOT, "CPU %.2f cores busy", busy);
    }

    private static String ratio(double value, double peer) {
        return String.format(Locale.ROOT, "%.2fx", value / peer);
    }

    private void row(String what, String figure, String note) {
        table.add(new String[] {what, figure, note});
        System.err.println("[bench] " + what + ": " + figure + (note.isEmpty() ? "" : "  (" + note + ")"));
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message + " ...");
    }

    private void printTable() {
        int w0 = table.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        int w1 = table.stream().mapToInt(r -> r[1].length()).max().orElse(10);
        StringBuilder out = new StringBuilder("\nclusterstream stream job benchmark\n\n");
        String format = "| %-" + w0 + "s | %-" + w1 + "s | %s |%n";
        out.append(String.format(Locale.ROOT, format, "measurement", "figure", "notes"));
        out.append("|").append("-".repeat(w0 + 2)).append("|").append("-".repeat(w1 + 2)).append("|-------|\n");
        for (String[] r : table) {
            out.append(String.format(Locale.ROOT, format, r[0], r[1], r[2]));
        }
        System.out.print(out);
        System.out.flush();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
