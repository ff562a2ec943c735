package io.clusterstream.stream.snapshots;

import io.clusterstream.core.snapshot.SnapshotObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A snapshot store read through Flink's {@link FileSystem}, so {@code s3://bucket/prefix} works wherever a
 * flink-s3-fs plugin is loaded (configured with {@code s3.endpoint}, {@code s3.path.style.access} and keys) and
 * {@code file:///...} works everywhere.
 */
public final class FlinkFileSystemObjects implements SnapshotObjects, Serializable {

    private static final long serialVersionUID = 1L;

    private final String root;

    public FlinkFileSystemObjects(URI root) {
        String text = root.toString();
        this.root = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public List<String> children(String directoryKey) throws IOException {
        Path directory = path(directoryKey);
        FileSystem fs = directory.getFileSystem();
        List<String> names = new ArrayList<>();
        if (!fs.exists(directory)) {
            return names;
        }
        FileStatus[] statuses = fs.listStatus(directory);
        if (statuses != null) {
            for (FileStatus status : statuses) {
                names.add(status.getPath().getName());
            }
        }
        return names;
    }

    @Override
    public boolean exists(String key) throws IOException {
        Path path = path(key);
        return path.getFileSystem().exists(path);
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path path = path(key);
        return path.getFileSystem().open(path);
    }

    @Override
    public String describe() {
        return root;
    }

    private Path path(String key) {
        return new Path(root + "/" + key);
    }
}
