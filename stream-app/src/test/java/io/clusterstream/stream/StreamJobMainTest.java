package io.clusterstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamJobMainTest {

    @TempDir
    Path store;

    private static CliRun run(String... args) {
        return CliRun.of(new StreamJobMain(), args);
    }

    @Test
    void helpExitsZeroAndDocumentsTheDefaults() {
        CliRun run = run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: stream-job"), run.out());
        assertTrue(run.out().contains("EXACTLY_ONCE"), run.out());
    }

    @Test
    void missingRequiredOptionsAreNamedAndExitNonZero() {
        CliRun run = run();
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--bootstrap-servers"), run.err());
        assertTrue(run.err().contains("--snapshot-store"), run.err());
    }

    @Test
    void anUnknownOptionIsReported() {
        CliRun run = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--no-such-option");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--no-such-option"), run.err());
    }

    @Test
    void invalidValuesAreExplainedBeforeAnythingStarts() {
        CliRun missingStore = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.resolve("nope").toString());
        assertNotEquals(0, missingStore.exitCode());
        assertTrue(missingStore.err().contains("is not a folder"), missingStore.err());

        CliRun badBatch = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--batch-size", "0");
        assertNotEquals(0, badBatch.exitCode());
        assertTrue(badBatch.err().contains("maxBatchSize must be at least 1"), badBatch.err());

        CliRun badDelivery = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--delivery", "MAYBE");
        assertNotEquals(0, badDelivery.exitCode());
        assertTrue(badDelivery.err().contains("MAYBE"), badDelivery.err());
    }
}
