package io.clusterstream.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import io.clusterstream.schemas.Topics;
import org.junit.jupiter.api.Test;

class ControlAppMainTest {

    private static CliRun run(String... args) {
        return CliRun.of(new ControlAppMain(), args);
    }

    @Test
    void helpExitsZeroAndDocumentsTheDefaults() {
        CliRun run = run("--help");
        assertEquals(0, run.exitCode());
        for (String expected : new String[] {"Usage: control-app", "clusterstream-control", Topics.TAGS,
                Topics.REFIT_REQUESTS, "PT10M", "8089", "0.2", "127.0.0.1", "--prometheus-port", "0 exports none"}) {
            assertTrue(run.out().contains(expected), expected + " missing from\n" + run.out());
        }
    }

    @Test
    void aMissingBootstrapServerIsNamedAndExitsNonZero() {
        CliRun run = run();
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("--bootstrap-servers"), run.err());
    }

    @Test
    void invalidValuesAreExplainedBeforeAnythingStarts() {
        assertRejected("ten minutes", "--cooldown", "ten minutes");
        assertRejected("cooldown must not be negative", "--cooldown", "-PT1M");
        assertRejected("windowsOverThreshold must be at least 1", "--windows-over-threshold", "0");
        assertRejected("noveltyRateTrigger must be a number >= 0", "--novelty-rate-trigger", "-0.5");
        assertRejected("--catalog-port must be between 0 and 65535", "--catalog-port", "70000");
        assertRejected("--prometheus-port must be between 0 and 65535", "--prometheus-port", "-1");
        assertRejected("tagged topic name must not be empty", "--tagged-topic", " ");
        assertRejected("--no-such-option", "--no-such-option");
    }

    private static void assertRejected(String message, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-servers";
        all[1] = "localhost:1";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun run = run(all);
        assertNotEquals(0, run.exitCode(), String.join(" ", args));
        assertTrue(run.err().contains(message), message + " missing from\n" + run.err());
    }
}
