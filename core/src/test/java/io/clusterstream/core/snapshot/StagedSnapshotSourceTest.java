package io.clusterstream.core.snapshot;

import static io.clusterstream.core.snapshot.SnapshotFixtures.ENCODER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedSnapshotSourceTest {

    @TempDir
    Path temp;

    private FileSnapshotStore remote;
    private StagedSnapshotSource source;

    @BeforeEach
    void createStores() {
        remote = new FileSnapshotStore(temp.resolve("remote"));
        source = new StagedSnapshotSource(new DirectoryObjects(remote.root()), temp.resolve("staging"));
    }

    @Test
    void loadsAPublishedVersionThroughStaging() throws IOException {
        remote.publish(draft("digits", 1));
        remote.publish(draft("digits", 2));

        assertEquals(List.of(1L, 2L), source.versions("digits"));
        Snapshot snapshot = source.load("digits", 2);
        assertEquals(2, snapshot.manifest().getModel().getVersion());
        assertArrayEquals(SnapshotFixtures.encoderBytes(), Files.readAllBytes(snapshot.encoder()));
        assertEquals(temp.resolve("staging").toAbsolutePath(), snapshot.directory().getParent().getParent());
    }

    @Test
    void aVersionWithoutManifestIsInvisible() throws IOException {
        remote.publish(draft("digits", 1));
        Path halfWritten = remote.versionDirectory("digits", 2);
        Files.createDirectories(halfWritten);
        Files.write(halfWritten.resolve(ENCODER), SnapshotFixtures.encoderBytes());

        assertEquals(List.of(1L), source.versions("digits"));
        assertThrows(SnapshotNotFoundException.class, () -> source.load("digits", 2));
    }

    @Test
    void aCorruptRemoteArtifactIsRejected() throws IOException {
        remote.publish(draft("digits", 1));
        Path encoder = remote.versionDirectory("digits", 1).resolve(ENCODER);
        byte[] bytes = Files.readAllBytes(encoder);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(encoder, bytes);

        assertThrows(SnapshotRejectedException.class, () -> source.load("digits", 1));
    }

    private static SnapshotDraft draft(String modelId, long version) {
        return SnapshotDraft.builder(SnapshotFixtures.prototypeDraftManifest(modelId, version).build())
                .bytes(ENCODER, SnapshotFixtures.encoderBytes())
                .build();
    }

    /** Test double standing in for object storage: keys map onto a directory tree. */
    private record DirectoryObjects(Path root) implements SnapshotObjects {

        @Override
        public List<String> children(String directoryKey) throws IOException {
            Path directory = root.resolve(directoryKey);
            if (!Files.isDirectory(directory)) {
                return List.of();
            }
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.map(p -> p.getFileName().toString()).toList();
            }
        }

        @Override
        public boolean exists(String key) {
            return Files.isRegularFile(root.resolve(key));
        }

        @Override
        public InputStream open(String key) throws IOException {
            return Files.newInputStream(root.resolve(key));
        }

        @Override
        public String describe() {
            return root.toString();
        }
    }
}
