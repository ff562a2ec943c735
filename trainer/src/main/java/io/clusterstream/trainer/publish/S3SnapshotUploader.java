package io.clusterstream.trainer.publish;

import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotVersionExistsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies a snapshot verified in a local store to S3-compatible storage in the same layout
 * ({@code <prefix>/<model_id>/v<version, 10 digits>/}): every artifact first, {@code manifest.json} last, so readers,
 * which only see versions with a manifest, never see a half-uploaded version. A version whose manifest is already
 * there is refused, never overwritten. Assumes one publisher per model id, like {@link FileSnapshotStore}.
 */
public final class S3SnapshotUploader {

    private static final Logger LOG = LoggerFactory.getLogger(S3SnapshotUploader.class);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3SnapshotUploader(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
    }

    /** The key prefix of a version, ending in {@code /}. */
    public String versionPrefix(String modelId, long version) {
        return prefix + modelId + "/" + String.format(Locale.ROOT, "v%010d", version) + "/";
    }

    /** @throws SnapshotVersionExistsException if the version's manifest is already in the bucket */
    public void upload(Snapshot snapshot) throws IOException {
        String versionPrefix = versionPrefix(snapshot.modelId(), snapshot.version());
        String manifestKey = versionPrefix + FileSnapshotStore.MANIFEST_FILE;
        if (new S3SnapshotObjects(s3, bucket, "").exists(manifestKey)) {
            throw new SnapshotVersionExistsException(snapshot.modelId(), snapshot.version());
        }
        Path directory = snapshot.directory();
        for (Path file : artifactFiles(directory)) {
            put(versionPrefix + directory.relativize(file).toString().replace('\\', '/'), file);
        }
        put(manifestKey, directory.resolve(FileSnapshotStore.MANIFEST_FILE));
        LOG.info("uploaded snapshot {} v{} to s3://{}/{}", snapshot.modelId(), snapshot.version(), bucket,
                versionPrefix);
    }

    private static List<Path> artifactFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(FileSnapshotStore.MANIFEST_FILE))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private void put(String key, Path file) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromFile(file));
        } catch (S3Exception e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
