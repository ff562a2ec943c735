package io.clusterstream.stream.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.core.snapshot.Snapshot;
import io.clusterstream.core.snapshot.SnapshotRejectedException;
import io.clusterstream.core.snapshot.StagedSnapshotSource;
import io.clusterstream.stream.testing.TestSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkFileSystemObjectsTest {

    @TempDir
    Path temp;

    @Test
    void loadsAndVerifiesASnapshotThroughAFlinkFileUri() throws Exception {
        Path remote = temp.resolve("remote");
        Snapshot published = TestSnapshots.publishRawKMeans(remote, "digits", 1, 3, 7L);
        StagedSnapshotSource source = new StagedSnapshotSource(
                new FlinkFileSystemObjects(remote.toUri()), temp.resolve("staging"));

        assertEquals(List.of(1L), source.versions("digits"));
        Snapshot loaded = source.load("digits", 1);
        assertArrayEquals(Files.readAllBytes(published.encoder()), Files.readAllBytes(loaded.encoder()));
    }

    @Test
    void rejectsACorruptedArtifact() throws Exception {
        Path remote = temp.resolve("remote");
        Snapshot published = TestSnapshots.publishRawKMeans(remote, "digits", 1, 3, 7L);
        byte[] bytes = Files.readAllBytes(published.encoder());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(published.encoder(), bytes);
        StagedSnapshotSource source = new StagedSnapshotSource(
                new FlinkFileSystemObjects(remote.toUri()), temp.resolve("staging"));

        assertThrows(SnapshotRejectedException.class, () -> source.load("digits", 1));
        assertEquals(remote.toAbsolutePath(), new FileSnapshotStore(remote).root());
    }
}
