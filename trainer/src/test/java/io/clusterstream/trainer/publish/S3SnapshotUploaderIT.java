package io.clusterstream.trainer.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clusterstream.core.baseline.RawPixelKMeans;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotNotFoundException;
import io.clusterstream.core.snapshot.SnapshotRejectedException;
import io.clusterstream.core.snapshot.SnapshotVersionExistsException;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.trainer.testing.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Uploads to a real S3 HTTP API (s3proxy over an in-memory jclouds blob store). */
class S3SnapshotUploaderIT {

    @TempDir
    Path temp;

    private S3TestServer server;
    private S3Client s3;

    @BeforeEach
    void startServer() throws Exception {
        server = S3TestServer.start();
        server.createBucket("snapshots");
        s3 = server.client();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void uploadsArtifactsAndManifestAndRefusesToOverwrite() throws Exception {
        Snapshot snapshot = publishLocally();
        S3SnapshotUploader uploader = new S3SnapshotUploader(s3, "snapshots", "prod/");

        uploader.upload(snapshot);

        List<String> keys = s3.listObjectsV2(ListObjectsV2Request.builder().bucket("snapshots").build())
                .contents().stream().map(S3Object::key).sorted().toList();
        assertEquals("prod/digits/v0000000001/manifest.json", keys.get(keys.size() - 1));
        byte[] manifest = s3.getObjectAsBytes(GetObjectRequest.builder().bucket("snapshots")
                .key("prod/digits/v0000000001/manifest.json").build()).asByteArray();
        assertArrayEquals(Files.readAllBytes(snapshot.directory().resolve("manifest.json")), manifest);
        assertThrows(SnapshotVersionExistsException.class, () -> uploader.upload(snapshot));
    }

    @Test
    void readersSeeOnlyVersionsWithAManifestAndVerifyWhatTheyLoad() throws Exception {
        Snapshot snapshot = publishLocally();
        new S3SnapshotUploader(s3, "snapshots", "prod").upload(snapshot);
        // a crash after the artifacts of v2 but before its manifest
        s3.putObject(PutObjectRequest.builder().bucket("snapshots").key("prod/digits/v0000000002/encoder.onnx").build(),
                RequestBody.fromFile(snapshot.encoder()));
        StagedSnapshotSource source = new StagedSnapshotSource(
                new S3SnapshotObjects(s3, "snapshots", "prod"), temp.resolve("staging"));

        assertEquals(List.of(1L), source.versions("digits"));
        assertThrows(SnapshotNotFoundException.class, () -> source.load("digits", 2));
        Snapshot loaded = source.load("digits", 1);
        assertArrayEquals(Files.readAllBytes(snapshot.encoder()), Files.readAllBytes(loaded.encoder()));

        byte[] corrupt = Files.readAllBytes(snapshot.encoder());
        corrupt[corrupt.length / 2] ^= 0x5a;
        s3.putObject(PutObjectRequest.builder().bucket("snapshots")
                .key("prod/digits/v0000000001/" + snapshot.directory().relativize(snapshot.encoder())).build(),
                RequestBody.fromBytes(corrupt));
        assertThrows(SnapshotRejectedException.class, () -> source.load("digits", 1));
    }

    /** A real (raw-pixel k-means) snapshot digits v1, published and verified in a local store. */
    private Snapshot publishLocally() throws Exception {
        RawPixelKMeans.Fitted fitted = new RawPixelKMeans(3, 4, 2, 7L).fit(CifarFixture.load(),
                StandardPreprocessing.CIFAR10, ModelRef.newBuilder().setModelId("digits").setVersion(1).build());
        return new FileSnapshotStore(temp.resolve("local")).publish(fitted.draft());
    }
}
