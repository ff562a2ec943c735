package io.clusterstream.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSetsTest {

    @Test
    void systemPropertyWinsOverEnvironmentWhichWinsOverDefault() {
        assertEquals(Path.of("/from/property"), DataSets.resolveDataDir("/from/property", "/from/env"));
        assertEquals(Path.of("/from/env"), DataSets.resolveDataDir(null, "/from/env"));
        assertEquals(Path.of("/from/env"), DataSets.resolveDataDir(" ", "/from/env"));
        assertEquals(Path.of("data"), DataSets.resolveDataDir(null, null));
    }

    @Test
    void buildPassesTheDataDirectoryToTests() {
        assertEquals(Path.of(System.getProperty(DataSets.DATA_DIR_PROPERTY)), DataSets.dataDir());
        assertEquals(DataSets.dataDir().resolve("cifar10"), DataSets.cifar10Dir());
        assertEquals(DataSets.dataDir().resolve("fashion-mnist"), DataSets.fashionMnistDir());
    }

    @Test
    void missingFileSaysHowToFetchTheData(@TempDir Path dir) {
        DataSetException error = assertThrows(DataSetException.class,
                () -> DataSets.requireFile(dir.resolve("absent.png")));

        assertTrue(error.getMessage().contains("absent.png"), error.getMessage());
        assertTrue(error.getMessage().contains("scripts/fetch-data.sh"), error.getMessage());
    }
}
