package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayMainTest {

    @TempDir
    Path folder;

    private static CliRun run(String... args) {
        return CliRun.of(new ReplayMain(), args);
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitTwo() {
        CliRun noKafka = run("--cifar10", folder.toString());
        assertEquals(2, noKafka.exitCode());
        assertTrue(noKafka.err().contains("--bootstrap-servers"), noKafka.err());

        CliRun noData = run("--bootstrap-servers", "localhost:1", "--cifar10", folder.resolve("absent").toString());
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("CIFAR-10 is not in"), noData.err());

        CliRun badClass = run("--bootstrap-servers", "localhost:1", "--cifar10", folder.toString(), "--shift-classes", "3,12");
        assertEquals(2, badClass.exitCode());
        assertTrue(badClass.err().contains("0..9"), badClass.err());

        CliRun badRate = run("--bootstrap-servers", "localhost:1", "--cifar10", folder.toString(), "--rate", "-5");
        assertEquals(2, badRate.exitCode());
        assertTrue(badRate.err().contains("rate"), badRate.err());
    }

    @Test
    void helpSaysWhatItDoes() {
        CliRun help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Usage: clusterstream-replay"), help.out());
    }
}
