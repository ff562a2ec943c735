package io.clusterstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamJobMainTest {

    @TempDir
    Path store;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new StreamJobMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExitsZeroAndDocumentsTheDefaults() {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: stream-job"), run.out());
        assertTrue(run.out().contains("EXACTLY_ONCE"), run.out());
    }

    @Test
    void missingRequiredOptionsAreNamedAndExitNonZero() {
        Run run = run();
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--bootstrap-servers"), run.err());
        assertTrue(run.err().contains("--snapshot-store"), run.err());
    }

    @Test
    void anUnknownOptionIsReported() {
        Run run = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--no-such-option");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--no-such-option"), run.err());
    }

    @Test
    void invalidValuesAreExplainedBeforeAnythingStarts() {
        Run missingStore = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.resolve("nope").toString());
        assertNotEquals(0, missingStore.exitCode());
        assertTrue(missingStore.err().contains("is not a folder"), missingStore.err());

        Run badBatch = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--batch-size", "0");
        assertNotEquals(0, badBatch.exitCode());
        assertTrue(badBatch.err().contains("maxBatchSize must be at least 1"), badBatch.err());

        Run badDelivery = run("--bootstrap-servers", "localhost:9092", "--snapshot-store", store.toString(), "--delivery", "MAYBE");
        assertNotEquals(0, badDelivery.exitCode());
        assertTrue(badDelivery.err().contains("MAYBE"), badDelivery.err());
    }
}
