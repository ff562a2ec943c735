package io.clusterstream.stream.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.stream.testing.TestSnapshots;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreModelLoaderTest {

    @TempDir
    Path temp;

    @Test
    void aFolderAndItsFileUriNameTheSameStore() throws Exception {
        TestSnapshots.publishRawKMeans(temp, "digits", 1, 3, 7L);
        TestSnapshots.publishRawKMeans(temp, "digits", 2, 3, 8L);

        assertEquals(OptionalLong.of(2), new StoreModelLoader(temp, ServingOptions.DEFAULTS).latestVersion("digits"));
        assertEquals(OptionalLong.of(2),
                new StoreModelLoader(temp.toUri(), ServingOptions.DEFAULTS).latestVersion("digits"));
        assertEquals(OptionalLong.empty(),
                new StoreModelLoader(temp.toUri(), ServingOptions.DEFAULTS).latestVersion("letters"));
    }
}
