package io.clusterstream.stream.assign;

import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotSource;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import io.clusterstream.stream.snapshots.FlinkFileSystemObjects;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Loads snapshots from a store, which verifies them before anything is served: a local folder is read directly, any
 * other URI ({@code s3://bucket/prefix}) through Flink's file systems, staged under the temporary directory.
 */
public final class StoreModelLoader implements ModelLoader {

    private static final long serialVersionUID = 1L;

    private final String storeUri;
    private final ServingOptions options;

    public StoreModelLoader(Path storeRoot, ServingOptions options) {
        this(storeRoot.toAbsolutePath().toUri(), options);
    }

    public StoreModelLoader(URI store, ServingOptions options) {
        this.storeUri = store.toString();
        this.options = options;
    }

    @Override
    public OptionalLong latestVersion(String modelId) throws Exception {
        List<Long> versions = source().versions(modelId);
        return versions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(versions.get(versions.size() - 1));
    }

    @Override
    public ServingModel load(String modelId, long version) throws Exception {
        Snapshot snapshot = source().load(modelId, version);
        return ServingModel.load(snapshot, options);
    }

    private SnapshotSource source() {
        URI uri = URI.create(storeUri);
        if ("file".equals(uri.getScheme())) {
            return new FileSnapshotStore(Path.of(uri));
        }
        Path staging = Path.of(System.getProperty("java.io.tmpdir"), "clusterstream-snapshots");
        return new StagedSnapshotSource(new FlinkFileSystemObjects(uri), staging);
    }
}
