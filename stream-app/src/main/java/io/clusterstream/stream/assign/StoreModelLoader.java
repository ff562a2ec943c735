package io.clusterstream.stream.assign;

import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotSource;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Loads snapshots from a {@link FileSnapshotStore}, which verifies them before anything is served. */
public final class StoreModelLoader implements ModelLoader {

    private static final long serialVersionUID = 1L;

    private final String storeRoot;
    private final ServingOptions options;

    public StoreModelLoader(Path storeRoot, ServingOptions options) {
        this.storeRoot = storeRoot.toAbsolutePath().toString();
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
        return ServingModel.load(snapshot.manifest(), snapshot.encoder(), options);
    }

    private SnapshotSource source() {
        return new FileSnapshotStore(Path.of(storeRoot));
    }
}
