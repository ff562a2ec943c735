package io.clusterstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import io.clusterstream.trainer.TrainerMain;
import io.clusterstream.trainer.publish.S3SnapshotObjects;
import io.clusterstream.trainer.testing.S3TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer train --upload-to s3://…} against a real S3 HTTP API: the bucket gets every published version, a
 * trainer with an empty local store continues the bucket's lineage, and a version that only reached the local store is
 * uploaded by the next run. Credentials come from the AWS default chain (here its system properties).
 */
class S3UploadIT {

    private static S3TestServer server;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start();
        server.createBucket("snapshots");
        server.provideDefaultCredentials();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void uploadsEachVersionAndAFreshTrainerContinuesTheLineage() throws Exception {
        CliRun first = train(temp.resolve("machine-a"), "lineage", "--upload-to", "s3://snapshots/prod");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("uploaded lineage v1 to s3://snapshots/prod"), first.out());

        // another machine, empty local store: v1 comes from the bucket, so the refit is v2 aligned to v1
        CliRun second = train(temp.resolve("machine-b"), "lineage", "--upload-to", "s3://snapshots/prod");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("continuing from lineage v1 found in s3://snapshots/prod"), second.err());
        assertTrue(second.out().contains("aligned to v1"), second.out());
        assertTrue(second.out().contains("uploaded lineage v2 to s3://snapshots/prod"), second.out());

        StagedSnapshotSource bucket = new StagedSnapshotSource(
                new S3SnapshotObjects(server.client(), "snapshots", "prod"), temp.resolve("reader"));
        assertEquals(List.of(1L, 2L), bucket.versions("lineage"));
        Snapshot v2 = bucket.load("lineage", 2);
        assertEquals(1, v2.manifest().getParentVersion());
    }

    @Test
    void aVersionPublishedOnlyLocallyIsUploadedByTheNextRun() {
        Path store = temp.resolve("store");
        CliRun offline = train(store, "late");
        assertEquals(0, offline.exitCode(), offline.err());

        CliRun online = train(store, "late", "--upload-to", "s3://snapshots/late-prefix");
        assertEquals(0, online.exitCode(), online.err());
        assertTrue(online.out().contains("uploaded late v1, v2 to s3://snapshots/late-prefix"), online.out());
    }

    @Test
    void anUnreachableBucketStopsBeforeTrainingWithExitCodeFour() throws Exception {
        Path store = temp.resolve("store");
        CliRun run = train(store, "nobucket", "--upload-to", "s3://absent-bucket/x");
        assertEquals(TrainCommand.UPLOAD_FAILED, run.exitCode(), run.out());
        assertTrue(run.err().contains("cannot read s3://absent-bucket/x"), run.err());
        assertTrue(new FileSnapshotStore(store).versions("nobucket").isEmpty());
    }

    @Test
    void badS3ArgumentsSayWhatIsWrong() {
        CliRun notS3 = train(temp.resolve("store"), "m", "--upload-to", "http://bucket/x");
        assertEquals(2, notS3.exitCode());
        assertTrue(notS3.err().contains("expected s3://bucket[/prefix], got http://bucket/x"), notS3.err());

        CliRun endpointAlone = CliRun.of(new TrainerMain(), "train", "--store", temp.resolve("store").toString(),
                "--s3-endpoint", server.endpoint());
        assertEquals(2, endpointAlone.exitCode());
        assertTrue(endpointAlone.err().contains("--s3-endpoint and --s3-path-style need --upload-to"), endpointAlone.err());
        assertFalse(endpointAlone.err().contains("Exception"), endpointAlone.err());
    }

    /** Raw-pixel k-means on 300 real CIFAR-10 training images: seconds, and a real snapshot. */
    private static CliRun train(Path store, String modelId, String... s3Arguments) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "cifar10", "--split", "TRAIN",
                "--limit", "300", "--restarts", "1", "--store", store.toString(), "--model-id", modelId,
                "--s3-endpoint", server.endpoint(), "--s3-path-style"));
        if (s3Arguments.length == 0) {
            args.subList(args.size() - 3, args.size()).clear();
        }
        args.addAll(List.of(s3Arguments));
        return CliRun.of(new TrainerMain(), args.toArray(String[]::new));
    }
}
