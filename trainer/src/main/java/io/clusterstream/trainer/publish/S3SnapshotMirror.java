package io.clusterstream.trainer.publish;

import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keeps a trainer's local snapshot store and a bucket in step, the bucket being what the stream job reads. The local
 * store stays the trainer's working copy (version numbers, the parent a refit aligns to); the bucket gets every
 * version the local store publishes. Both directions only ever add versions newer than the other side's newest, so a
 * trainer on a fresh machine continues the lineage, and a version whose upload failed is uploaded by the next push.
 */
public final class S3SnapshotMirror {

    private static final Logger LOG = LoggerFactory.getLogger(S3SnapshotMirror.class);
    /** Where pulled versions are verified before they join the local store (dot folders are not model ids). */
    private static final String STAGING_FOLDER = ".pulled";

    private final FileSnapshotStore local;
    private final StagedSnapshotSource remote;
    private final S3SnapshotUploader uploader;
    private final S3Location location;

    public S3SnapshotMirror(S3Client s3, S3Location location, FileSnapshotStore local) {
        this.local = Objects.requireNonNull(local, "local");
        this.location = Objects.requireNonNull(location, "location");
        this.remote = new StagedSnapshotSource(new S3SnapshotObjects(s3, location.bucket(), location.prefix()),
                local.root().resolve(STAGING_FOLDER));
        this.uploader = new S3SnapshotUploader(s3, location.bucket(), location.prefix());
    }

    /** Copies the bucket's newest version into the local store when the local store is behind it. */
    public Optional<Snapshot> pullLatest(String modelId) throws IOException {
        long remoteLatest = newest(remote.versions(modelId));
        if (remoteLatest == 0 || remoteLatest <= newest(local.versions(modelId))) {
            return Optional.empty();
        }
        Snapshot staged = remote.load(modelId, remoteLatest);
        Path target = local.versionDirectory(modelId, remoteLatest);
        if (Files.exists(target)) {
            throw new IOException("cannot pull " + modelId + " v" + remoteLatest + " from " + location + ": " + target
                    + " exists without a manifest (an interrupted publish); remove it and retry");
        }
        Files.createDirectories(target.getParent());
        Files.move(staged.directory(), target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("pulled {} v{} from {} into {}", modelId, remoteLatest, location, local.root());
        return Optional.of(local.load(modelId, remoteLatest));
    }

    /** Uploads every local version newer than the bucket's newest; returns the versions uploaded, oldest first. */
    public List<Long> pushMissing(String modelId) throws IOException {
        long remoteLatest = newest(remote.versions(modelId));
        List<Long> uploaded = new ArrayList<>();
        for (long version : local.versions(modelId)) {
            if (version > remoteLatest) {
                uploader.upload(local.load(modelId, version));
                uploaded.add(version);
            }
        }
        return uploaded;
    }

    public S3Location location() {
        return location;
    }

    private static long newest(List<Long> ascending) {
        return ascending.isEmpty() ? 0 : ascending.get(ascending.size() - 1);
    }
}
