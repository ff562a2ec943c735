package io.clusterstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import io.clusterstream.trainer.TrainerMain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    @TempDir
    Path store;

    private static CliRun run(String... args) {
        return CliRun.of(new TrainerMain(), args);
    }

    @Test
    void helpListsTheFitOptionsOfTrain() {
        CliRun help = run("serve", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--algorithm") && help.out().contains("--interval") && help.out().contains("--sample-last-n"), help.out());
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitNonZero() {
        CliRun noKafka = run("serve", "--store", store.toString());
        assertNotEquals(0, noKafka.exitCode());
        assertTrue(noKafka.err().contains("--bootstrap-servers"), noKafka.err());

        CliRun badShape = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--preprocessing", "imagenet");
        assertNotEquals(0, badShape.exitCode());
        assertTrue(badShape.err().contains("unknown data set 'imagenet'"), badShape.err());

        CliRun badSample = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--sample-last-n", "0");
        assertNotEquals(0, badSample.exitCode());
        assertTrue(badSample.err().contains("at least 1 image"), badSample.err());

        CliRun badInterval = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--interval", "hourly");
        assertNotEquals(0, badInterval.exitCode());
        assertTrue(badInterval.err().contains("--interval"), badInterval.err());

        CliRun badBucket = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--upload-to", "minio:9000/snapshots");
        assertNotEquals(0, badBucket.exitCode());
        assertTrue(badBucket.err().contains("expected s3://bucket[/prefix]"), badBucket.err());
    }
}
