package io.clusterstream.stream.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotRejectedException;
import io.clusterstream.stream.assign.StoreModelLoader;
import io.clusterstream.stream.testing.TestSnapshots;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job's S3 snapshot store through Flink's S3 file system (flink-s3-fs-hadoop, configured as the compose
 * and Kubernetes files configure it) against a real S3 HTTP API (s3proxy): versions are listed, staged, verified and
 * served; a corrupted object is rejected.
 */
class S3SnapshotStoreIT {

    private static final String BUCKET = "clusterstream";
    private static final URI STORE = URI.create("s3://" + BUCKET + "/snapshots");

    private static S3Proxy proxy;
    private static BlobStore blobs;

    @TempDir
    Path temp;

    @BeforeAll
    static void startS3() throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential").build(BlobStoreContext.class);
        blobs = context.getBlobStore();
        blobs.createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
        Configuration flink = new Configuration();
        flink.setString("s3.endpoint", "http://127.0.0.1:" + proxy.getPort());
        flink.setString("s3.path.style.access", "true");
        flink.setString("s3.access-key", "access");
        flink.setString("s3.secret-key", "secret");
        FileSystem.initialize(flink, null);
    }

    @AfterAll
    static void stopS3() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        proxy.stop();
    }

    @Test
    void servesWhatTheBucketHoldsExactlyAsTheLocalStoreDoes() throws Exception {
        Snapshot local = TestSnapshots.publishRawKMeans(temp.resolve("local"), "digits", 1, 3, 7L);
        upload(local, "digits/v0000000001/");
        StoreModelLoader loader = new StoreModelLoader(STORE, ServingOptions.DEFAULTS);

        assertEquals(OptionalLong.of(1), loader.latestVersion("digits"));
        assertEquals(OptionalLong.empty(), loader.latestVersion("letters"));
        List<Integer> expected;
        try (ServingModel fromFolder = ServingModel.load(local.manifest(), local.encoder(), ServingOptions.DEFAULTS)) {
            expected = clusters(fromFolder);
        }
        try (ServingModel fromBucket = loader.load("digits", 1)) {
            assertEquals(expected, clusters(fromBucket));
        }
    }

    @Test
    void aCorruptedObjectIsRejected() throws Exception {
        Snapshot local = TestSnapshots.publishRawKMeans(temp.resolve("local"), "corrupt", 1, 3, 7L);
        upload(local, "corrupt/v0000000001/");
        byte[] encoder = Files.readAllBytes(local.encoder());
        encoder[encoder.length / 2] ^= 0x5a;
        String key = "snapshots/corrupt/v0000000001/" + local.directory().relativize(local.encoder()).toString().replace('\\', '/');
        blobs.putBlob(BUCKET, blobs.blobBuilder(key).payload(encoder).build());

        StoreModelLoader loader = new StoreModelLoader(STORE, ServingOptions.DEFAULTS);
        assertThrows(SnapshotRejectedException.class, () -> loader.load("corrupt", 1));
    }

    private static List<Integer> clusters(ServingModel model) {
        return model.assign(IntStream.range(0, 20).mapToObj(CifarFixture::image).toList()).stream()
                .map(served -> served.assignment().clusterId()).toList();
    }

    /** As the trainer uploads: every artifact, then the manifest. */
    private static void upload(Snapshot snapshot, String versionKey) throws Exception {
        Path directory = snapshot.directory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted((a, b) -> a.endsWith("manifest.json") ? 1 : b.endsWith("manifest.json") ? -1 : a.compareTo(b)).toList();
        }
        for (Path file : files) {
            String key = "snapshots/" + versionKey + directory.relativize(file).toString().replace('\\', '/');
            blobs.putBlob(BUCKET, blobs.blobBuilder(key).payload(Files.readAllBytes(file)).build());
        }
    }
}
