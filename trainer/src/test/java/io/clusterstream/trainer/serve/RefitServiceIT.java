package io.clusterstream.trainer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.alignment.QualityGate;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.fixtures.DashboardQueries;
import io.clusterstream.core.fixtures.PrometheusScrape;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.RawKMeansFitter;
import io.clusterstream.trainer.publish.SnapshotAnnouncer;
import io.clusterstream.trainer.publish.SnapshotPublisher;
import io.clusterstream.trainer.source.KafkaImageSample;
import io.clusterstream.trainer.source.SampleWindow;
import io.clusterstream.trainer.testing.InProcessKafka;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainer serve}'s engine against a real in-process broker, real CIFAR-10 images and the real fitter. */
class RefitServiceIT {

    private static final String MODEL = "cifar-it";
    private static final int BAD_RECORDS = 2;
    /** An upper bound against a hang, not a speed requirement. */
    private static final long PATIENCE_SECONDS = 180;

    private static InProcessKafka kafka;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = InProcessKafka.start();
        kafka.createTopics(2, Topics.IMAGES);
        kafka.createTopics(1, Topics.REFIT_REQUESTS, Topics.SNAPSHOTS);
        kafka.sendFixtureImages(Topics.IMAGES);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.IMAGES, bytes("bad-1"), new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF}));
            producer.send(new ProducerRecord<>(Topics.IMAGES, bytes("bad-2"), new byte[0]));
            producer.flush();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void aRefitRequestPublishesAndAnnouncesTheNextVersionWithKeysAlignedToTheParent() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(storeRoot);
        RawKMeansFitter fitter = new RawKMeansFitter(10, 4, 2, 0);
        Snapshot v1 = publishInitialVersion(store, fitter);
        // What a refit killed mid-publish leaves behind: artifacts of v2 without its manifest.
        Path interrupted = store.versionDirectory(MODEL, 2);
        java.nio.file.Files.createDirectories(interrupted);
        java.nio.file.Files.write(interrupted.resolve(v1.manifest().getEncoder().getUri()), new byte[] {1, 2, 3});
        assertEquals(List.of(1L), store.versions(MODEL), "a version without its manifest is not visible");

        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        Refitter.Setup setup = new Refitter.Setup(store, MODEL, fitter, 10, QualityGate.defaults(),
                new KafkaImageSample(client, Topics.IMAGES, 10_000, Duration.ofSeconds(60)), new SampleWindow.LastN(1000),
                StandardPreprocessing.CIFAR10, storeRoot.resolve(".work"),
                snapshot -> SnapshotAnnouncer.announce(snapshot, kafka.bootstrapServers(), Topics.SNAPSHOTS, Map.of()));
        RefitMetrics metrics = new RefitMetrics();
        BlockingQueue<Refitter.Outcome> outcomes = new LinkedBlockingQueue<>();
        // The endpoint as `trainer serve --prometheus-port` starts it (on a free loopback port here).
        try (HTTPServer exporter = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(0)
                        .registry(metrics.registry()).buildAndStart();
                RefitService service = new RefitService(setup, metrics,
                new RefitService.RequestSource(client, Topics.REFIT_REQUESTS, "trainer-it", MODEL), Duration.ZERO,
                outcomes::add, Clock.systemUTC())) {
            service.start();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                sendRequest(producer, request("drift-1", MODEL));
                sendRequest(producer, request("drift-1", MODEL));
                sendRequest(producer, request("other-model", "someone-else"));
            }
            Refitter.Outcome first = outcomes.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertNotNull(first, "no refit happened");
            assertEquals(Refitter.Status.PUBLISHED, first.status(), first.detail());

            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                sendRequest(producer, request("drift-2", MODEL));
            }
            Refitter.Outcome second = outcomes.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertNotNull(second, "the second request led to no refit");
            assertEquals(Refitter.Status.PUBLISHED, second.status(), second.detail());

            String scraped = PrometheusScrape.text(exporter.getPort());
            Set<String> queried = DashboardQueries.exportedBy(DashboardQueries.TRAINER);
            assertTrue(queried.contains("clusterstream_refits_succeeded_total"), "the dashboard's trainer metrics: " + queried);
            for (String metric : queried) {
                assertTrue(DashboardQueries.exported(scraped, metric), metric + " is queried by the dashboard but not exported");
            }
            assertEquals(2, PrometheusScrape.value(scraped, "clusterstream_refits_succeeded_total"), scraped);
            assertEquals(3, PrometheusScrape.value(scraped, "clusterstream_last_published_version"), scraped);
            assertEquals(2, PrometheusScrape.value(scraped, "clusterstream_refit_duration_seconds_bucket", "le", "+Inf"), scraped);
        }

        assertEquals(List.of(1L, 2L, 3L), store.versions(MODEL));
        SnapshotManifest v2 = store.load(MODEL, 2).manifest();
        assertEquals(1, v2.getParentVersion());
        Set<String> carried = keys(v2);
        carried.retainAll(keys(v1.manifest()));
        // The sample arrives in another order (two partitions), so k-means may split a few clusters differently.
        assertTrue(carried.size() >= 5, "most clusters keep their v1 keys on the same images: " + keys(v2));
        assertTrue(keys(v2).stream().allMatch(key -> carried.contains(key) || key.endsWith("@v2")),
                "every other key is new in v2: " + keys(v2));
        assertEquals(2, store.load(MODEL, 3).manifest().getParentVersion());

        List<SnapshotManifest> announced = announcements(2);
        assertEquals(List.of(2L, 3L), announced.stream().map(m -> m.getModel().getVersion()).toList());

        assertEquals(2, metrics.value("clusterstream_refit_requests_total"), "the duplicate and the other model's request are not taken");
        assertEquals(2, metrics.value("clusterstream_refits_started_total"));
        assertEquals(2, metrics.value("clusterstream_refits_succeeded_total"));
        assertEquals(CifarFixture.SIZE, metrics.value("clusterstream_refit_images"));
        assertEquals(2 * BAD_RECORDS, metrics.value("clusterstream_refit_skipped_records_total"));
        assertEquals(3, metrics.value("clusterstream_last_published_version"));
    }

    @Test
    void aTimeRangeSampleReadsOnlyThatEventTimeAndSkipsBadRecords() {
        KafkaImageSample sampler = new KafkaImageSample(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Topics.IMAGES, 10_000, Duration.ofSeconds(60));
        KafkaImageSample.Sample sample = sampler.read(
                new SampleWindow.TimeRange(1_700_000_000_100L, 1_700_000_000_150L), StandardPreprocessing.CIFAR10);
        assertEquals(50, sample.images().size());
        LabeledImages all = CifarFixture.load();
        List<Integer> expectedLabels = new ArrayList<>();
        for (int i = 100; i < 150; i++) {
            expectedLabels.add(all.label(i));
        }
        List<Integer> labels = new ArrayList<>();
        for (int label : sample.images().labels()) {
            labels.add(label);
        }
        labels.sort(null);
        expectedLabels.sort(null);
        assertEquals(expectedLabels, labels, "labels travel with the images");
        assertTrue(sample.skipped() <= BAD_RECORDS);

        KafkaImageSample.Sample capped = new KafkaImageSample(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Topics.IMAGES, 40, Duration.ofSeconds(60)).read(new SampleWindow.LastN(1000), StandardPreprocessing.FASHION_MNIST);
        assertEquals(40, capped.images().size(), "bounded by maxImages");
        assertEquals(28, capped.images().width(), "converted to the model's input shape");
        assertEquals(1, capped.images().channels());
    }

    private static Snapshot publishInitialVersion(FileSnapshotStore store, RawKMeansFitter fitter) throws Exception {
        LabeledImages images = CifarFixture.load();
        ModelRef v1 = ModelRef.newBuilder().setModelId(MODEL).setVersion(1).build();
        var fitted = fitter.fit(new FitInput(images, StandardPreprocessing.CIFAR10, v1, Optional.empty(), Path.of("unused")));
        return new SnapshotPublisher(store, QualityGate.defaults()).publish(fitted, images, true).published().orElseThrow();
    }

    private static RefitRequest request(String id, String model) {
        return RefitRequest.newBuilder().setRequestId(id).setModelId(model).setTrigger(RefitTrigger.REFIT_TRIGGER_DRIFT)
                .setReason("integration test").build();
    }

    private static void sendRequest(KafkaProducer<byte[], byte[]> producer, RefitRequest request) throws Exception {
        producer.send(new ProducerRecord<>(Topics.REFIT_REQUESTS, bytes(request.getModelId()), request.toByteArray())).get();
    }

    private static Set<String> keys(SnapshotManifest manifest) {
        return manifest.getClustersList().stream().map(ClusterInfo::getKey).collect(Collectors.toSet());
    }

    private static List<SnapshotManifest> announcements(int expected) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<SnapshotManifest> manifests = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.SNAPSHOTS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (manifests.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals(MODEL, new String(record.key(), StandardCharsets.UTF_8));
                    manifests.add(SnapshotManifest.parseFrom(record.value()));
                }
            }
        }
        return manifests;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
