package io.clusterstream.trainer.bench;

import com.google.protobuf.ByteString;
import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.RealDataSets;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import io.clusterstream.trainer.publish.SnapshotAnnouncer;
import io.clusterstream.trainer.publish.SnapshotPublisher;
import io.clusterstream.trainer.serve.RefitMetrics;
import io.clusterstream.trainer.serve.Refitter;
import io.clusterstream.trainer.source.KafkaImageSample;
import io.clusterstream.trainer.source.SampleWindow;
import io.clusterstream.trainer.testing.InProcessKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Refit wall time against sample size and fitting effort: one {@link Refitter#refit} (read the newest N images from
 * the images topic of an in-process broker, fit, align to the parent, gate, publish, announce) against its peer,
 * the same fit of the same images already in memory, measured in the same run; the ratio's excess over 1 is what
 * the service adds to the fit. RAW_KMEANS has no epochs; its
 * effort knob is the number of k-means restarts, varied instead. Prints a table on standard output.
 *
 * <p>Settings (system properties): bench.sizes (500,1000,2000,5000,10000), bench.restarts (1,3,10).
 */
public final class RefitBenchmark {

    private static final String MODEL = "refit-bench";

    public static void main(String[] args) throws Exception {
        int[] sizes = ints(System.getProperty("bench.sizes", "500,1000,2000,5000,10000"));
        int[] restarts = ints(System.getProperty("bench.restarts", "1,3,10"));
        LabeledImages test = RealDataSets.cifar10Test();
        int largest = Arrays.stream(sizes).max().orElseThrow();
        Path storeRoot = Files.createTempDirectory("refit-bench");
        System.out.printf(Locale.ROOT, "date %s; %d cores, max heap %d MiB; load average %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        try (InProcessKafka kafka = InProcessKafka.start()) {
            kafka.createTopics(2, Topics.IMAGES);
            kafka.createTopics(1, Topics.SNAPSHOTS);
            produce(kafka.bootstrapServers(), test, largest);
            FileSnapshotStore store = new FileSnapshotStore(storeRoot);
            publishParent(store, RealDataSets.cifar10Train().head(2000));
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            KafkaImageSample sampler = new KafkaImageSample(client, Topics.IMAGES, largest, Duration.ofMinutes(5));
            warmUp(store, sampler, kafka.bootstrapServers(), test);

            System.out.println("| images | restarts | sample read s | peer: in-memory fit s | refit wall s | refit / peer |");
            System.out.println("|-------:|---------:|--------------:|----------------------:|-------------:|-------------:|");
            for (int size : sizes) {
                long readStart = System.nanoTime();
                LabeledImages sample = sampler.read(new SampleWindow.LastN(size), StandardPreprocessing.CIFAR10).images();
                double readSeconds = seconds(readStart);
                if (sample.size() != size) {
                    throw new IllegalStateException("read " + sample.size() + " images, expected " + size);
                }
                for (int r : restarts) {
                    RawKMeansFitter fitter = new RawKMeansFitter(10, 4, r, 0);
                    double peer = directFit(fitter, sample);
                    Refitter refitter = refitter(store, fitter, sampler, kafka.bootstrapServers(), size);
                    long start = System.nanoTime();
                    Refitter.Outcome outcome = refitter.refit(request(size + "-" + r, size));
                    double wall = seconds(start);
                    if (outcome.status() != Refitter.Status.PUBLISHED) {
                        throw new IllegalStateException("refit did not publish: " + outcome);
                    }
                    System.out.printf(Locale.ROOT, "| %6d | %8d | %13.2f | %21.2f | %12.2f | %12.2f |%n",
                            size, r, readSeconds, peer, wall, wall / peer);
                }
            }
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static void warmUp(FileSnapshotStore store, KafkaImageSample sampler, String bootstrap, LabeledImages test) throws Exception {
        RawKMeansFitter fitter = new RawKMeansFitter(10, 4, 1, 0);
        directFit(fitter, test.head(500));
        refitter(store, fitter, sampler, bootstrap, 500).refit(request("warm-up", 500));
    }

    private static Refitter refitter(FileSnapshotStore store, RawKMeansFitter fitter, KafkaImageSample sampler,
            String bootstrap, int size) {
        return new Refitter(new Refitter.Setup(store, MODEL, fitter, 10, QualityGate.defaults(), sampler,
                new SampleWindow.LastN(size), StandardPreprocessing.CIFAR10, store.root().resolve(".work"),
                snapshot -> SnapshotAnnouncer.announce(snapshot, bootstrap, Topics.SNAPSHOTS, Map.of())),
                new RefitMetrics(), () -> false);
    }

    private static double directFit(RawKMeansFitter fitter, LabeledImages images) throws Exception {
        ModelRef model = ModelRef.newBuilder().setModelId(MODEL).setVersion(1_000_000).build();
        long start = System.nanoTime();
        fitter.fit(new FitInput(images, StandardPreprocessing.CIFAR10, model, Optional.empty(), Path.of("unused")));
        return seconds(start);
    }

    private static void publishParent(FileSnapshotStore store, LabeledImages images) throws Exception {
        ModelRef v1 = ModelRef.newBuilder().setModelId(MODEL).setVersion(1).build();
        var fitted = new RawKMeansFitter(10, 4, 3, 0).fit(new FitInput(images, StandardPreprocessing.CIFAR10, v1, Optional.empty(), Path.of("unused")));
        new SnapshotPublisher(store, QualityGate.defaults()).publish(fitted, images, true).published().orElseThrow();
    }

    private static void produce(String bootstrap, LabeledImages images, int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20), new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] pixels = new byte[images.imageLength()];
            for (int i = 0; i < count; i++) {
                images.copyPixels(i % images.size(), pixels, 0);
                ImageEvent event = ImageEvent.newBuilder().setEventId("bench-" + i).setEventTimeMs(System.currentTimeMillis())
                        .setRaw(RawImage.newBuilder().setWidth(images.width()).setHeight(images.height())
                                .setChannels(images.channels()).setLayout(PixelLayout.PIXEL_LAYOUT_PLANAR)
                                .setPixels(ByteString.copyFrom(pixels)))
                        .setLabel(images.label(i % images.size())).build();
                producer.send(new ProducerRecord<>(Topics.IMAGES, ("bench-" + i).getBytes(StandardCharsets.UTF_8), event.toByteArray()));
            }
            producer.flush();
        }
    }

    private static RefitRequest request(String id, long lastN) {
        return RefitRequest.newBuilder().setRequestId(id).setModelId(MODEL).setTrigger(RefitTrigger.REFIT_TRIGGER_DRIFT)
                .setLastN(lastN).build();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static String loadAverage() {
        try {
            return List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3).toString();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private RefitBenchmark() {}
}
