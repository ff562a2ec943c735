package io.clusterstream.core.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Read-only access to the objects of a snapshot store held outside the local filesystem (object storage, a Flink
 * file system). Keys are relative to the store root and use {@code /}, in the layout of {@link FileSnapshotStore}.
 */
public interface SnapshotObjects {

    /** Names (last key segment only) of the entries directly under {@code directoryKey}; empty if there are none. */
    List<String> children(String directoryKey) throws IOException;

    boolean exists(String key) throws IOException;

    /** Opens an object for reading; fails with an {@link IOException} if it does not exist. */
    InputStream open(String key) throws IOException;

    /** Where the objects live, for messages. */
    String describe();
}
