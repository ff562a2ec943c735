package io.clusterstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import io.clusterstream.schemas.Topics;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.trainer.TrainerMain;
import io.clusterstream.trainer.publish.S3SnapshotObjects;
import io.clusterstream.trainer.testing.InProcessKafka;
import io.clusterstream.trainer.testing.S3TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trainer serve --upload-to s3://…} as the compose stack and Kubernetes run it: a real broker, a real S3 HTTP
 * API, real CIFAR-10 images. A refit service with an empty local store continues the bucket's lineage and uploads its
 * refit before announcing it.
 */
class ServeS3IT {

    private static final String MODEL = "served";
    private static final String BUCKET_URI = "s3://snapshots/serve";
    /** An upper bound against a hang, not a speed requirement. */
    private static final long PATIENCE_SECONDS = 180;

    private static S3TestServer s3;
    private static InProcessKafka kafka;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start();
        s3.createBucket("snapshots");
        s3.provideDefaultCredentials();
        kafka = InProcessKafka.start();
        kafka.createTopics(1, Topics.IMAGES, Topics.REFIT_REQUESTS, Topics.SNAPSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
        s3.close();
    }

    @Test
    void aRefitServiceWithAnEmptyStoreContinuesTheBucketsLineageAndUploadsItsRefit() throws Exception {
        CliRun initial = CliRun.of(new TrainerMain(), "train", "--data", "cifar10", "--split", "TRAIN", "--limit", "300",
                "--restarts", "1", "--store", temp.resolve("first-trainer").toString(), "--model-id", MODEL,
                "--upload-to", BUCKET_URI, "--s3-endpoint", s3.endpoint(), "--s3-path-style");
        assertEquals(0, initial.exitCode(), initial.err());
        kafka.sendFixtureImages(Topics.IMAGES);

        ServeCommand serve = new ServeCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Path store = temp.resolve("refit-service");
        Thread running = new Thread(() -> exitCode.set(new CommandLine(serve).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("--bootstrap-servers", kafka.bootstrapServers(),
                        "--store", store.toString(), "--model-id", MODEL, "--algorithm", "RAW_KMEANS", "--restarts", "1",
                        "--interval", "PT0S", "--sample-last-n", "300", "--upload-to", BUCKET_URI,
                        "--s3-endpoint", s3.endpoint(), "--s3-path-style")), "serve");
        running.start();
        StagedSnapshotSource bucket = new StagedSnapshotSource(new S3SnapshotObjects(s3.client(), "snapshots", "serve"),
                temp.resolve("reader"));
        try {
            requestRefit();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            while (bucket.versions(MODEL).size() < 2 && running.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            serve.requestStop();
            running.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
        assertFalse(running.isAlive(), "serve stops when asked");
        assertEquals(0, exitCode.get(), err.toString());
        assertTrue(out.toString().contains("continuing from " + MODEL + " v1 found in " + BUCKET_URI), out.toString());
        assertTrue(out.toString().contains("refit PUBLISHED"), out + err.toString());
        assertEquals(List.of(1L, 2L), bucket.versions(MODEL));
        assertEquals(1, bucket.load(MODEL, 2).manifest().getParentVersion());
        assertEquals(List.of(1L, 2L), new FileSnapshotStore(store).versions(MODEL), "the local store holds the lineage too");
    }

    private static void requestRefit() throws Exception {
        RefitRequest request = RefitRequest.newBuilder().setRequestId("drift-1").setModelId(MODEL)
                .setTrigger(RefitTrigger.REFIT_TRIGGER_DRIFT).setReason("integration test").build();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.REFIT_REQUESTS, bytes(MODEL), request.toByteArray())).get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
